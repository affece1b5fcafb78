using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Options;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Tokens;

/// <summary>
/// Entra's default access-token lifetime: a random value between 60 and 90 minutes (75 on average), chosen per token so
/// that clients spread their renewals. <c>EntraEmulator:AccessTokenLifetime</c> fixes it, for tests that need to know.
/// </summary>
public sealed class AccessTokenLifetimes(IOptions<EntraEmulatorOptions> options)
{
    public static readonly TimeSpan DefaultMinimum = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromMinutes(90);

    private readonly TimeSpan? _fixed = options.Value.AccessTokenLifetime;
    private readonly TimeSpan _continuousAccessEvaluation = options.Value.ContinuousAccessEvaluationTokenLifetime;

    /// <summary>The lifetime of the next token for <paramref name="resource"/> asked with <paramref name="claims"/>.</summary>
    public TimeSpan For(RegisteredApplication resource, ClaimsRequest claims) =>
        ContinuousAccessEvaluation.IsSession(resource, claims) ? _continuousAccessEvaluation : Next();

    /// <summary>The lifetime of the next token, in whole seconds (as <c>expires_in</c> carries it).</summary>
    public TimeSpan Next() =>
        _fixed ?? TimeSpan.FromSeconds(Random.Shared.NextInt64((long)DefaultMinimum.TotalSeconds, (long)DefaultMaximum.TotalSeconds + 1));
}
