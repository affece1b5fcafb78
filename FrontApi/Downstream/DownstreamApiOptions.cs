using System.ComponentModel.DataAnnotations;

namespace FrontApi.Downstream;

/// <summary>
/// DownstreamApi as seen from FrontApi (<c>DownstreamApis:TodoApi</c>, Identity.Web's shape for a downstream API:
/// <c>DownstreamApis:&lt;name&gt;</c>, and DownstreamApi is the todo API):
/// where it is, and which delegated scopes to ask for, per kind of call.
/// </summary>
public sealed class DownstreamApiOptions : IValidatableObject
{
    /// <summary>The downstream API's name, as in its configuration section and in telemetry.</summary>
    public const string ApiName = "TodoApi";

    public const string SectionName = $"DownstreamApis:{ApiName}";

    /// <summary>An absolute URL; <c>https+http://downstream</c> resolves through Aspire service discovery.</summary>
    [Required(ErrorMessage = $"'{SectionName}:BaseUrl' is not set (e.g. https+http://downstream).")]
    public string? BaseUrl { get; set; }

    /// <summary>Asked for by GET calls, e.g. <c>api://{DownstreamApi client id}/Todo.Read</c>.</summary>
    public string[] ReadScopes { get; set; } = [];

    /// <summary>Asked for by POST, PUT and DELETE calls, e.g. <c>api://{DownstreamApi client id}/Todo.ReadWrite</c>.</summary>
    public string[] WriteScopes { get; set; } = [];

    /// <summary>Bounds a whole call to DownstreamApi, retries included, so an unresponsive one fails fast (502).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = $"'{SectionName}:Timeout' must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is not null && !Uri.IsWellFormedUriString(BaseUrl, UriKind.Absolute))
        {
            yield return new ValidationResult($"'{SectionName}:BaseUrl' must be an absolute URL, not '{BaseUrl}'.");
        }

        if (ReadScopes.Length == 0 || ReadScopes.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"'{SectionName}:ReadScopes' must list the scopes for reading todos (e.g. api://<DownstreamApi client id>/Todo.Read).");
        }

        if (WriteScopes.Length == 0 || WriteScopes.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"'{SectionName}:WriteScopes' must list the scopes for changing todos (e.g. api://<DownstreamApi client id>/Todo.ReadWrite).");
        }
    }
}
