using EntraEmulator.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace EntraEmulator.SignIn;

/// <summary>Sends the authorization response (a code, or an error) back to the verified redirect URI in the requested response mode.</summary>
public static class AuthorizationResponse
{
    public static IResult Code(AuthorizationRequest request, string code) =>
        Send(request.RedirectUri, request.ResponseMode, request.State, [KeyValuePair.Create("code", code)]);

    public static IResult Error(ErrorRedirect redirect, HttpContext context)
    {
        var details = EntraErrorResult.Describe(redirect.Error, context);
        return Send(redirect.RedirectUri, redirect.ResponseMode, redirect.State,
        [
            KeyValuePair.Create("error", redirect.Error.Error),
            KeyValuePair.Create("error_description", details.Description),
            KeyValuePair.Create("error_uri", details.ErrorUri),
        ]);
    }

    private static IResult Send(string redirectUri, string responseMode, string? state, List<KeyValuePair<string, string>> parameters)
    {
        if (state is not null)
        {
            parameters.Add(KeyValuePair.Create("state", state));
        }

        return responseMode switch
        {
            "form_post" => SignInPages.FormPost(redirectUri, parameters),
            "fragment" => TypedResults.Redirect(redirectUri + "#" + QueryString.Create(parameters!).ToUriComponent()[1..]),
            _ => TypedResults.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters!)),
        };
    }
}
