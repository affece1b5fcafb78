using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Identity.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace ServiceDefaults.Identity;

/// <summary>
/// A 403 for a missing delegated scope tells the client which scope it needs (RFC 6750 §3.1:
/// <c>Bearer error="insufficient_scope", scope="..."</c>); the problem-details body is written by the status-code pages.
/// </summary>
public sealed partial class InsufficientScopeChallengeHandler(ILogger<InsufficientScopeChallengeHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    /// <summary>Where the reason for a 403 waits for the problem-details writer (see <see cref="Microsoft.Extensions.Hosting.Extensions.AddServiceDefaults{TBuilder}"/>).</summary>
    public const string ForbiddenReasonItem = "AspireObo.ForbiddenReason";

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

            // Why the caller was refused, in our own words (requirement names, failure reasons): no claim values.
            LogForbidden(context.Request.Method, context.Request.Path, string.Join(' ', scopes),
                string.Join("; ", failure.FailureReasons.Select(reason => reason.Message)
                    .Concat(failure.FailedRequirements.Where(requirement => requirement is not ScopeAuthorizationRequirement)
                        .Select(requirement => requirement.GetType().Name))));

            context.Items[ForbiddenReasonItem] = scopes.Length > 0
                ? $"The access token lacks a required scope: one of '{string.Join(' ', scopes)}'."
                : string.Join(" ", failure.FailureReasons.Select(reason => reason.Message).DefaultIfEmpty("The caller is not allowed to do this."));

            if (scopes.Length > 0)
            {
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate,
                    $"Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\", scope=\"{string.Join(' ', scopes)}\"");
            }
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forbade {Method} {Path}: missing scope(s) [{Scopes}] {Reasons}")]
    private partial void LogForbidden(string method, string path, string scopes, string reasons);
}
