using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Identity.Web;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A 403 for a missing delegated scope tells the client which scope it needs (RFC 6750 §3.1:
/// <c>Bearer error="insufficient_scope", scope="..."</c>); the problem-details body is written by the status-code pages.
/// </summary>
public sealed class InsufficientScopeChallengeHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure)
        {
            var scopes = failure.FailedRequirements
                .OfType<ScopeAuthorizationRequirement>()
                .SelectMany(requirement => requirement.AllowedValues ?? [])
                .Distinct()
                .ToArray();

            if (scopes.Length > 0)
            {
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate,
                    $"Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\", scope=\"{string.Join(' ', scopes)}\"");
            }
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
