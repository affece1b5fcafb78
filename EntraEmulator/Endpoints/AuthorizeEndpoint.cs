using EntraEmulator.ConditionalAccess;
using EntraEmulator.Diagnostics;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.SignIn;
using EntraEmulator.Tokens;
using Microsoft.AspNetCore.Antiforgery;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>/{tenant}/oauth2/v2.0/authorize</c>: the interactive half of the authorization code flow with PKCE. GET checks the
/// request and shows the sign-in page; POST (same address, the request still in the query) checks the anti-forgery
/// token and the password (and, when the resource's policy or a <c>claims</c> challenge asks for multi-factor
/// authentication, a one-time code the emulator logs), then sends a single-use code back to the registered redirect URI.
/// </summary>
public static class AuthorizeEndpoint
{
    private const string Route = "/{tenant}/oauth2/v2.0/authorize";

    public static IEndpointRouteBuilder MapAuthorizeEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, ShowSignIn);
        // Anti-forgery is checked in the handler, so a stale form gets the sign-in page again rather than a bare 400.
        endpoints.MapPost(Route, SignInAsync).DisableAntiforgery();
        return endpoints;
    }

    private static IResult ShowSignIn(string tenant, HttpContext context, [AsParameters] AuthorizeServices services)
    {
        var validation = services.Validator.Validate(tenant, context.Request.Query);
        if (Rejected(validation, context, services) is { } rejection)
        {
            return rejection;
        }

        return SignInPages.SignIn(validation.Request!, services.Antiforgery.GetAndStoreTokens(context), services.Directory);
    }

    private static async Task<IResult> SignInAsync(string tenant, HttpContext context, [AsParameters] AuthorizeServices services)
    {
        var validation = services.Validator.Validate(tenant, context.Request.Query);
        if (Rejected(validation, context, services) is { } rejection)
        {
            return rejection;
        }

        var request = validation.Request!;
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var userName = form[SignInPages.UserNameField].ToString().Trim();

        if (!await services.Antiforgery.IsRequestValidAsync(context))
        {
            services.Logger.SignInFailed(request.Client.ClientId, "anti-forgery token missing or invalid");
            return SignInPages.SignIn(request, services.Antiforgery.GetAndStoreTokens(context), services.Directory, userName,
                "This sign-in page expired or was not opened in this browser. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        if (form[SignInPages.SecondFactorHandleField].ToString() is { Length: > 0 } handle)
        {
            return VerifySecondFactor(request, handle, form[SignInPages.SecondFactorField].ToString(), context, services);
        }

        var user = services.Directory.FindUser(userName);
        if (user is null || !services.Accounts.PasswordMatches(user, form[SignInPages.PasswordField].ToString()))
        {
            services.Stats.SignIn(succeeded: false);
            services.Logger.SignInFailed(request.Client.ClientId, user is null ? "unknown user" : "wrong password");
            // One message for both cases, as Entra's page: the page does not reveal which user names exist.
            return SignInPages.SignIn(request, services.Antiforgery.GetAndStoreTokens(context), services.Directory, userName,
                SignInPages.WrongCredentialsMessage);
        }

        if (services.Accounts.IsDisabled(user.ObjectId))
        {
            services.Stats.SignIn(succeeded: false);
            services.Logger.SignInFailed(request.Client.ClientId, "account disabled");
            return SignInPages.SignIn(request, services.Antiforgery.GetAndStoreTokens(context), services.Directory, userName, SignInPages.AccountDisabledMessage);
        }

        // A claims challenge asking for more than a new sign-in (a policy, an authentication context), or a policy on the
        // resource asked for now, needs a second factor before any code is issued. Client capabilities (xms_cc) and CAE's
        // "a token issued after" (nbf) ask nothing more of the user than this sign-in.
        if (request.Claims.AsksForStrongerSignIn || services.ConditionalAccess.RequiresMultiFactor(user.ObjectId, request.Scopes.Resource))
        {
            var started = services.SecondFactors.Start(user.ObjectId);
            services.Logger.SecondFactorCode(user.UserPrincipalName, started.Reference, started.Code);
            return SignInPages.SecondFactor(request, services.Antiforgery.GetAndStoreTokens(context), started.Handle, started.Reference, user.UserPrincipalName);
        }

        return IssueCode(request, new UserIdentity(user.ObjectId, user.DisplayName, user.UserPrincipalName, [UserIdentity.PasswordMethod]), services);
    }

    private static IResult VerifySecondFactor(AuthorizationRequest request, string handle, string code, HttpContext context, AuthorizeServices services)
    {
        var reference = services.SecondFactors.ReferenceOf(handle) ?? "";
        var result = services.SecondFactors.Verify(handle, code, out var userObjectId);
        var user = userObjectId is null ? null : services.Directory.FindUserByObjectId(userObjectId);
        if (result == SecondFactorResult.Verified && user is not null)
        {
            services.Logger.SecondFactorPassed(request.Client.ClientId, user.ObjectId);
            // The sign-in now counts as multi-factor and satisfies the (declared) authentication contexts the claims asked for.
            var multiFactor = new UserIdentity(user.ObjectId, user.DisplayName, user.UserPrincipalName, [UserIdentity.PasswordMethod, UserIdentity.MultiFactorMethod]);
            return IssueCode(request, multiFactor with { AuthenticationContexts = services.AuthenticationContexts.Satisfied(multiFactor, request.Claims.Contexts) }, services);
        }

        services.Stats.SignIn(succeeded: false);
        services.Logger.SignInFailed(request.Client.ClientId, result == SecondFactorResult.WrongCode ? "wrong one-time code" : "one-time code expired or used up");
        var antiforgery = services.Antiforgery.GetAndStoreTokens(context);
        return result == SecondFactorResult.WrongCode
            ? SignInPages.SecondFactor(request, antiforgery, handle, reference, "", SignInPages.WrongCodeMessage)
            : SignInPages.SignIn(request, antiforgery, services.Directory, null, SignInPages.CodeGoneMessage);
    }

    private static IResult IssueCode(AuthorizationRequest request, UserIdentity identity, AuthorizeServices services)
    {
        var code = services.Codes.Issue(expiresAt => new AuthorizationCodeGrantData(
            request.Client.ClientId, request.RedirectUri, request.CodeChallenge, identity, request.Scopes, request.Nonce, expiresAt)
        {
            Spa = request.Client.IsSpaRedirectUri(request.RedirectUri),
            ClientCapabilities = request.Claims.ClientCapabilities,
        });

        services.Stats.SignIn(succeeded: true);
        services.Logger.SignedIn(request.Client.ClientId, identity.ObjectId);
        return AuthorizationResponse.Code(request, code);
    }

    private static IResult? Rejected(AuthorizationValidation validation, HttpContext context, AuthorizeServices services)
    {
        if (validation.PageError is { } pageError)
        {
            services.Logger.AuthorizationRejected(pageError.Error, pageError.Code);
            return SignInPages.Error(pageError, context);
        }

        if (validation.RedirectError is { } redirect)
        {
            services.Logger.AuthorizationRejected(redirect.Error.Error, redirect.Error.Code);
            return AuthorizationResponse.Error(redirect, context);
        }

        return null;
    }

    internal readonly record struct AuthorizeServices(
        AuthorizationRequestValidator Validator,
        TenantDirectory Directory,
        AuthorizationCodeStore Codes,
        SecondFactorChallenges SecondFactors,
        ConditionalAccessPolicy ConditionalAccess,
        AuthenticationContextPolicy AuthenticationContexts,
        AccountChanges Accounts,
        IAntiforgery Antiforgery,
        EmulatorStats Stats,
        ILoggerFactory LoggerFactory)
    {
        public ILogger Logger => LoggerFactory.CreateLogger(typeof(AuthorizeEndpoint).FullName!);
    }
}
