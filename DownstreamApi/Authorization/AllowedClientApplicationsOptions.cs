using System.ComponentModel.DataAnnotations;

namespace DownstreamApi.Authorization;

/// <summary>
/// The client applications (the token's <c>azp</c>) allowed to call this API on behalf of a user:
/// a token for the right audience and scope is not enough if an unexpected application obtained it.
/// </summary>
public sealed class AllowedClientApplicationsOptions : IValidatableObject
{
    public const string SectionName = "AllowedClientApplications";

    public IReadOnlyList<string> ClientIds { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClientIds.Count == 0)
        {
            yield return new ValidationResult(
                $"'{SectionName}' must list at least one client application id (e.g. FrontApi's AzureAd:ClientId).");
        }

        foreach (var clientId in ClientIds.Where(id => !Guid.TryParse(id, out _)))
        {
            yield return new ValidationResult(
                $"'{SectionName}' contains '{clientId}', which is not a client application id (a GUID).");
        }
    }
}
