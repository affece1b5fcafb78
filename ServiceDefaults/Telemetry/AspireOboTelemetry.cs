namespace ServiceDefaults.Telemetry;

/// <summary>
/// Names of the ActivitySources and Meters AspireObo emits, and of the libraries' own meters it turns on: one place,
/// so the services that emit and <see cref="Microsoft.Extensions.Hosting.Extensions.ConfigureOpenTelemetry{TBuilder}"/> that exports agree.
/// </summary>
public static class AspireOboTelemetry
{
    /// <summary>FrontApi's token acquisition: one span per token asked for a downstream call, plus its metrics.</summary>
    public const string TokenAcquisition = "AspireObo.TokenAcquisition";

    /// <summary>FrontApi's token cache: entries in Redis it could not read.</summary>
    public const string TokenCache = "AspireObo.TokenCache";

    /// <summary>FrontApi's jobs on the user's behalf: one span per round, linked to the request that started the job; job records quarantined.</summary>
    public const string Jobs = "AspireObo.FrontApi.Jobs";

    /// <summary>The EntraEmulator's token endpoint: tokens issued by grant type, failures by error code.</summary>
    public const string EntraEmulator = "AspireObo.EntraEmulator";

    /// <summary>MSAL.NET's own meter (durations, cache levels, successes and failures); MSAL emits no spans.</summary>
    public const string MsalMeter = "MicrosoftIdentityClient_Common_Meter";

    public static readonly string[] Sources = [TokenAcquisition, Jobs];

    public static readonly string[] Meters = [TokenAcquisition, TokenCache, Jobs, EntraEmulator, MsalMeter];
}
