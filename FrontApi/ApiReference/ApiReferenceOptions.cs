using System.ComponentModel.DataAnnotations;

namespace FrontApi.ApiReference;

/// <summary>
/// The <c>ApiReference</c> section: how the interactive API page (Development only) signs a user in. The page is a
/// single-page app, so it uses a public client registered with the page's address as an SPA redirect URI
/// (<c>{FrontApi}/scalar/</c>), authorization code flow with PKCE, against the same authority as <c>AzureAd</c>.
/// </summary>
public sealed class ApiReferenceOptions
{
    public const string SectionName = "ApiReference";

    /// <summary>Client id of that public client (the emulator's DevClient by default in Development).</summary>
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>The scope to ask for; <c>api://{AzureAd:ClientId}/access_as_user</c> when empty.</summary>
    public string? Scope { get; set; }
}
