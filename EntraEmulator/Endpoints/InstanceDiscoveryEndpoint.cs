using System.Text.Json.Serialization;
using EntraEmulator.Diagnostics;
using EntraEmulator.Protocol;
using Microsoft.AspNetCore.Mvc;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>GET /common/discovery/instance</c>: MSAL validates any authority host it does not know by asking Entra, then
/// caches the returned metadata under each alias, keyed by <see cref="Uri.Host"/> (no port), and swaps the authority's
/// host for <c>preferred_network</c> (keeping the port). So the aliases and preferred hosts are the bare host name.
/// </summary>
public static class InstanceDiscoveryEndpoint
{
    public static IEndpointRouteBuilder MapInstanceDiscoveryEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/common/discovery/instance", Discover);
        return endpoints;
    }

    private static IResult Discover(
        HttpRequest request,
        EmulatorUrls urls,
        ILoggerFactory loggerFactory,
        [FromQuery(Name = "authorization_endpoint")] string? authorizationEndpoint,
        [FromQuery(Name = "api-version")] string? apiVersion)
    {
        var logger = loggerFactory.CreateLogger(typeof(InstanceDiscoveryEndpoint).FullName!);

        if (string.IsNullOrWhiteSpace(authorizationEndpoint))
        {
            return new EntraErrorResult(EntraError.MissingParameter("authorization_endpoint"));
        }

        if (!Uri.TryCreate(authorizationEndpoint, UriKind.Absolute, out var authorize) || !IsThisEmulator(authorize.Host, request, urls))
        {
            logger.InstanceDiscovery(authorize is null ? "(invalid)" : LogValues.OneLine(authorize.Host), "rejected, not this emulator");
            return new EntraErrorResult(EntraError.InvalidInstance());
        }

        var tenant = authorize.Segments.Length > 1 ? authorize.Segments[1].TrimEnd('/') : "common";
        var host = authorize.Host;
        logger.InstanceDiscovery(LogValues.OneLine(host), "accepted");

        return TypedResults.Json(new InstanceDiscoveryResponse(
            $"{authorize.GetLeftPart(UriPartial.Authority)}/{tenant}/v2.0/.well-known/openid-configuration",
            string.IsNullOrWhiteSpace(apiVersion) ? "1.1" : apiVersion,
            [new InstanceMetadata(host, host, [host])]));
    }

    /// <summary>
    /// The emulator vouches only for itself: its configured or requested host, or a loopback name (the services reach it
    /// through a redirect of the discovery call, so the request's host is the emulator's own).
    /// </summary>
    private static bool IsThisEmulator(string host, HttpRequest request, EmulatorUrls urls) =>
        string.Equals(host, urls.Host(request), StringComparison.OrdinalIgnoreCase)
        || string.Equals(host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
        || host is "localhost" or "127.0.0.1" or "[::1]";

    private sealed record InstanceDiscoveryResponse(
        [property: JsonPropertyName("tenant_discovery_endpoint")] string TenantDiscoveryEndpoint,
        [property: JsonPropertyName("api-version")] string ApiVersion,
        [property: JsonPropertyName("metadata")] InstanceMetadata[] Metadata);

    private sealed record InstanceMetadata(
        [property: JsonPropertyName("preferred_network")] string PreferredNetwork,
        [property: JsonPropertyName("preferred_cache")] string PreferredCache,
        [property: JsonPropertyName("aliases")] string[] Aliases);
}
