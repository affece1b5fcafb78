using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.LoggingExtensions;

namespace ServiceDefaults.Identity;

/// <summary>
/// IdentityModel logs every token it cannot read or validate at Error (IDX14100 not a JWT, IDX10400 bad base64,
/// IDX10511 bad signature...): a client's mistake, which <see cref="TokenRejectionLogging"/> already records once, at
/// Warning, with the same code. Microsoft.Identity.Web hands IdentityModel the <c>ILogger&lt;IdentityLoggerAdapter&gt;</c>
/// it finds in the container (its hook for this), so registering this one lowers those records to Debug. IdentityModel's
/// other messages keep their level: IDX20xxx (the authority's metadata or keys could not be loaded) is the operator's.
/// </summary>
public static partial class IdentityModelLogLevels
{
    public static IServiceCollection AddIdentityModelLogLevels(this IServiceCollection services) =>
        services.AddSingleton<ILogger<IdentityLoggerAdapter>, ClientInputLowering>();

    /// <summary>
    /// Whether an IdentityModel message is about the token a client sent: the first IDX code of the message is one of
    /// token reading and validation (IDX10xxx–IDX14xxx: Tokens, JWT, SAML, JsonWebTokens; IDX40xxx: Entra issuer
    /// validation), not of protocol or metadata retrieval (IDX20xxx, IDX21xxx).
    /// </summary>
    internal static bool IsAboutTheClientsToken(string message) =>
        IdxCode().Match(message) is { Success: true } match
        && int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) is (>= 10000 and < 15000) or (>= 40000 and < 41000);

    [GeneratedRegex(@"\bIDX(\d{5})\b")]
    private static partial Regex IdxCode();

    private sealed class ClientInputLowering(ILoggerFactory loggers) : ILogger<IdentityLoggerAdapter>
    {
        private readonly ILogger _inner = loggers.CreateLogger<IdentityLoggerAdapter>();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

        // A lowered record is filtered again by the inner logger at its new level.
        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Debug && IsAboutTheClientsToken(formatter(state, exception)))
            {
                logLevel = LogLevel.Debug;
            }

            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
