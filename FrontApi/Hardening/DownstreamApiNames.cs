namespace FrontApi.Hardening;

/// <summary>
/// Which downstream API a token is for, by its scopes, as the <c>DownstreamApis</c> section names them (Identity.Web's
/// shape: <c>DownstreamApis:&lt;name&gt;:Scopes</c>, and any other list of scopes under the name): the name spans and
/// metrics carry, so a trace says "acquire token MicrosoftGraph", not a list of scopes.
/// </summary>
public sealed class DownstreamApiNames
{
    public const string SectionName = "DownstreamApis";
    private const string Unnamed = "unnamed";

    private readonly Dictionary<string, string> _byScope = new(StringComparer.OrdinalIgnoreCase);

    public DownstreamApiNames(IConfiguration configuration)
    {
        foreach (var api in configuration.GetSection(SectionName).GetChildren())
        {
            foreach (var list in api.GetChildren())
            {
                foreach (var scope in list.GetChildren().Select(item => item.Value).OfType<string>())
                {
                    _byScope.TryAdd(scope, api.Key);
                }
            }
        }
    }

    public string Of(IReadOnlyList<string> scopes) => scopes.Count > 0 && _byScope.TryGetValue(scopes[0], out var name) ? name : Unnamed;
}
