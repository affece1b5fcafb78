using System.ComponentModel.DataAnnotations;

namespace FrontApi.Graph;

/// <summary>
/// Microsoft Graph as seen from FrontApi (<c>DownstreamApis:MicrosoftGraph</c>, Microsoft.Identity.Web's shape for a
/// downstream API): where Graph is and which delegated scopes to ask for. Against a tenant the defaults are the real
/// Graph; in emulator mode the AppHost points <c>BaseUrl</c> at the EntraEmulator's Graph-compatible endpoint.
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    /// <summary>The downstream API's name, as in its configuration section and in telemetry.</summary>
    public const string ApiName = "MicrosoftGraph";

    public const string SectionName = $"DownstreamApis:{ApiName}";

    /// <summary>Graph's versioned root, e.g. <c>https://graph.microsoft.com/v1.0</c>.</summary>
    [Required(ErrorMessage = $"'{SectionName}:BaseUrl' is not set (e.g. https://graph.microsoft.com/v1.0).")]
    public string? BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Delegated Graph permissions to ask for; <c>User.Read</c> reads the caller's profile.</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>Bounds one call to Graph, so an unresponsive Graph costs the profile's Graph part only.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = $"'{SectionName}:Timeout' must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Graph is called with a bearer token: never over plain HTTP.
        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"'{SectionName}:BaseUrl' must be an absolute https URL, not '{BaseUrl}'.");
        }

        if (Scopes.Length == 0 || Scopes.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"'{SectionName}:Scopes' must list the Graph permissions to ask for (e.g. User.Read).");
        }
    }
}
