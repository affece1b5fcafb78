using System.ComponentModel.DataAnnotations;

namespace FrontApi.Downstream;

/// <summary>
/// DownstreamApi as seen from FrontApi, in Identity.Web's shape for a downstream API (<c>DownstreamApis:DownstreamApi</c>:
/// <c>BaseUrl</c>, <c>Scopes</c>, as the hosting integration's <c>WithReference</c> writes it): where it is, and the
/// delegated scopes FrontApi may ask for. Each call asks for the least it needs, picked from <see cref="Scopes"/> by the
/// permission's name: reads <c>…/Todo.Read</c> (<see cref="ReadScopes"/>), changes <c>…/Todo.ReadWrite</c> (<see cref="WriteScopes"/>).
/// </summary>
public sealed class DownstreamApiOptions : IValidatableObject
{
    /// <summary>The downstream API's name, as in its configuration section and in telemetry.</summary>
    public const string ApiName = "DownstreamApi";

    public const string SectionName = $"DownstreamApis:{ApiName}";

    /// <summary>An absolute URL; <c>https+http://downstream</c> resolves through Aspire service discovery.</summary>
    [Required(ErrorMessage = $"'{SectionName}:BaseUrl' is not set (e.g. https+http://downstream).")]
    public string? BaseUrl { get; set; }

    /// <summary>The delegated scopes FrontApi may ask for, e.g. <c>api://{DownstreamApi client id}/Todo.Read</c> and <c>…/Todo.ReadWrite</c>.</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>Asked for by GET calls: the <c>Todo.Read</c> scope of <see cref="Scopes"/>.</summary>
    public string[] ReadScopes => _readScopes ??= Pick(ReadPermission); // once: asked for on every call

    /// <summary>Asked for by POST, PUT and DELETE calls: the <c>Todo.ReadWrite</c> scope of <see cref="Scopes"/>.</summary>
    public string[] WriteScopes => _writeScopes ??= Pick(ReadWritePermission);

    private const string ReadPermission = "Todo.Read";
    private string[]? _readScopes;
    private string[]? _writeScopes;
    private const string ReadWritePermission = "Todo.ReadWrite";

    /// <summary>Bounds a whole call to DownstreamApi, retries included, so an unresponsive one fails fast (502).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = $"'{SectionName}:Timeout' must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is not null && !Uri.IsWellFormedUriString(BaseUrl, UriKind.Absolute))
        {
            yield return new ValidationResult($"'{SectionName}:BaseUrl' must be an absolute URL, not '{BaseUrl}'.");
        }

        foreach (var (permission, picked) in new[] { (ReadPermission, ReadScopes), (ReadWritePermission, WriteScopes) })
        {
            if (picked.Length != 1)
            {
                yield return new ValidationResult(
                    $"'{SectionName}:Scopes' must list DownstreamApi's {permission} scope once (e.g. api://<DownstreamApi client id>/{permission}).");
            }
        }
    }

    private string[] Pick(string permission) =>
        [.. Scopes.Where(scope => scope.EndsWith("/" + permission, StringComparison.OrdinalIgnoreCase))];
}
