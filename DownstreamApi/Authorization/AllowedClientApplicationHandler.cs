using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DownstreamApi.Authorization;

/// <summary>Requires the caller's client application (<c>azp</c>) to be on <see cref="AllowedClientApplicationsOptions"/>.</summary>
public sealed class AllowedClientApplicationRequirement : IAuthorizationRequirement;

public sealed partial class AllowedClientApplicationHandler(
    IOptionsMonitor<AllowedClientApplicationsOptions> options,
    ILogger<AllowedClientApplicationHandler> logger) : AuthorizationHandler<AllowedClientApplicationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AllowedClientApplicationRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask; // Let the challenge (401) happen, rather than a 403.
        }

        var clientId = context.User.GetClientApplicationId();
        if (clientId is not null && options.CurrentValue.ClientIds.Contains(clientId, StringComparer.OrdinalIgnoreCase))
        {
            context.Succeed(requirement);
        }
        else
        {
            LogClientNotAllowed(clientId ?? "(none)");
            context.Fail(new AuthorizationFailureReason(this, "The client application is not allowed to call this API."));
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token obtained by client application {ClientId}, which is not in AllowedClientApplications")]
    private partial void LogClientNotAllowed(string clientId);
}
