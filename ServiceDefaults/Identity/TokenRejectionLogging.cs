using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every refused bearer token leaves one warning that says why — the IdentityModel code (IDX10223 = expired,
/// IDX10214 = audience, IDX10511/IDX10503 = signature/key...) and the exception type — and never the token: the
/// exception message is not logged, since it can quote parts of the token when PII logging is switched on.
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
                    LogTokenRejected(logger, context.Request.Method, context.Request.Path, ReasonOf(context.Exception), context.Exception.GetType().Name);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a bearer token for {Method} {Path}: {Reason} ({ExceptionType})")]
    private static partial void LogTokenRejected(ILogger logger, string method, string path, string reason, string exceptionType);
}
