using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every refused bearer token leaves one warning that says why — the IdentityModel code (IDX10223 = expired,
/// IDX10214 = audience, IDX10511/IDX10503 = signature/key...) and the exception type — and never the token: the
/// exception message is not logged, since it can quote parts of the token when PII logging is switched on.
/// A token is the client's input, so a refusal is a Warning, never an Error (IdentityModel's own Error records for it
/// are lowered by <see cref="IdentityModelLogLevels"/>). A failure that is not about the token (the authority's
/// metadata could not be loaded: IDX20803) is logged at Error: an operator has to act.
/// </summary>
public static partial class TokenRejectionLogging
{
    public static IServiceCollection AddTokenRejectionLogging(this IServiceCollection services)
    {
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<ILoggerFactory>((options, loggers) =>
            {
                var logger = loggers.CreateLogger(typeof(TokenRejectionLogging).FullName!);
                var previous = options.Events.OnAuthenticationFailed;
                options.Events.OnAuthenticationFailed = async context =>
                {
                    var reason = ReasonOf(context.Exception);
                    if (IsAboutTheToken(context.Exception))
                    {
                        LogTokenRejected(logger, context.Request.Method, context.Request.Path, reason, context.Exception.GetType().Name);
                    }
                    else
                    {
                        LogValidationFailed(logger, context.Request.Method, context.Request.Path, reason, context.Exception.GetType().Name);
                    }

                    await previous(context);
                };
            });

        return services;
    }

    /// <summary>The leading <c>IDXnnnnn</c> of an IdentityModel message: a stable reason that quotes nothing.</summary>
    internal static string ReasonOf(Exception exception)
    {
        var message = exception.Message;
        return message.StartsWith("IDX", StringComparison.Ordinal) && message.IndexOf(':') is > 3 and < 12 and var colon
            ? message[..colon]
            : "(no IdentityModel code)";
    }

    /// <summary>
    /// IdentityModel's token exceptions (malformed, bad signature, expired, wrong audience or issuer...) and the
    /// argument errors it throws for an unreadable token; not a metadata retrieval failure (InvalidOperationException,
    /// HttpRequestException).
    /// </summary>
    internal static bool IsAboutTheToken(Exception exception) =>
        exception is SecurityTokenException or ArgumentException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not validate a bearer token for {Method} {Path}: {Reason} ({ExceptionType}); check that the authority's metadata and keys can be reached")]
    private static partial void LogValidationFailed(ILogger logger, string method, string path, string reason, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a bearer token for {Method} {Path}: {Reason} ({ExceptionType})")]
    private static partial void LogTokenRejected(ILogger logger, string method, string path, string reason, string exceptionType);
}
