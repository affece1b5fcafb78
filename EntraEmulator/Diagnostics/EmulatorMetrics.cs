using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace EntraEmulator.Diagnostics;

/// <summary>
/// What the token endpoint did, for the dashboard: tokens issued by grant type and failures by error code (meter
/// <see cref="AspireOboTelemetry.EntraEmulator"/>), and the same facts on the request's own server span.
/// </summary>
public sealed class EmulatorMetrics : IDisposable
{
    public const string TokensIssuedInstrument = "entra_emulator.tokens.issued";
    public const string TokenRequestsFailedInstrument = "entra_emulator.token_requests.failed";
    public const string GrantTypeAttribute = "entra_emulator.grant_type";
    public const string ErrorAttribute = "entra_emulator.error";
    public const string ErrorCodeAttribute = "entra_emulator.error_code";

    private readonly Meter _meter;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _failed;

    public EmulatorMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(AspireOboTelemetry.EntraEmulator);
        _issued = _meter.CreateCounter<long>(TokensIssuedInstrument, "{token}", "Tokens issued by the emulator's token endpoint, by grant type.");
        _failed = _meter.CreateCounter<long>(TokenRequestsFailedInstrument, "{request}", "Token requests the emulator refused, by error and AADSTS code.");
    }

    public void TokenIssued(string grantName)
    {
        _issued.Add(1, new KeyValuePair<string, object?>(GrantTypeAttribute, grantName));
        Activity.Current?.SetTag(GrantTypeAttribute, grantName);
    }

    /// <param name="grantName">The grant's name, or null when the request named no grant this emulator knows.</param>
    public void Failed(string? grantName, string error, int code)
    {
        var aadsts = $"AADSTS{code}";
        _failed.Add(1,
            new KeyValuePair<string, object?>(GrantTypeAttribute, grantName ?? "unknown"),
            new KeyValuePair<string, object?>(ErrorAttribute, error),
            new KeyValuePair<string, object?>(ErrorCodeAttribute, aadsts));
        Activity.Current?.SetTag(GrantTypeAttribute, grantName);
        Activity.Current?.SetTag(ErrorAttribute, error);
        Activity.Current?.SetTag(ErrorCodeAttribute, aadsts);
    }

    public void Dispose() => _meter.Dispose();
}
