using EntraEmulator.Model;
using EntraEmulator.Options;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Protocol;

/// <summary>
/// The addresses the emulator publishes (issuer, endpoints). They come from <c>EntraEmulator:Instance</c> when set,
/// else from the request, so the issuer always equals the base address the caller configured as its authority.
/// </summary>
public sealed class EmulatorUrls(IOptions<EntraEmulatorOptions> options, TenantDirectory directory)
{
    private readonly string? _configuredInstance =
        string.IsNullOrWhiteSpace(options.Value.Instance) ? null : options.Value.Instance.TrimEnd('/') + "/";

    /// <summary>Base address with a trailing slash, e.g. <c>https://localhost:7180/</c> (MSAL's "Instance").</summary>
    public string Instance(HttpRequest request) =>
        _configuredInstance ?? $"{request.Scheme}://{request.Host.ToUriComponent()}/";

    /// <summary>The host MSAL compares during instance discovery: <see cref="Uri.Host"/>, without the port.</summary>
    public string Host(HttpRequest request) => new Uri(Instance(request)).Host;

    public string TenantBase(HttpRequest request) => Instance(request) + directory.TenantId;

    public string Issuer(HttpRequest request) => TenantBase(request) + "/v2.0";

    public string TokenEndpoint(HttpRequest request) => TenantBase(request) + "/oauth2/v2.0/token";

    public string AuthorizationEndpoint(HttpRequest request) => TenantBase(request) + "/oauth2/v2.0/authorize";

    public string EndSessionEndpoint(HttpRequest request) => TenantBase(request) + "/oauth2/v2.0/logout";

    public string JwksUri(HttpRequest request) => TenantBase(request) + "/discovery/v2.0/keys";
}
