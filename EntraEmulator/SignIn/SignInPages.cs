using EntraEmulator.Model;
using EntraEmulator.Protocol;
using Microsoft.AspNetCore.Antiforgery;

namespace EntraEmulator.SignIn;

/// <summary>The pages a person sees during an interactive sign-in.</summary>
public static class SignInPages
{
    public const string UserNameField = "username";
    public const string PasswordField = "password";
    public const string WrongCredentialsMessage = "Your account or password is incorrect.";
    public const string SecondFactorField = "otc";
    public const string SecondFactorHandleField = "mfa_handle";
    public const string WrongCodeMessage = "That code didn't work. Check the code and try again.";
    public const string CodeGoneMessage = "That code expired or was tried too often. Please sign in again.";

    /// <summary>Shown after the right password for a disabled account (AADSTS50057), as Entra's page tells it.</summary>
    public const string AccountDisabledMessage = "Your account has been disabled. Contact your administrator.";

    /// <summary>
    /// Posts back to this same address (the authorization request stays in the query; it holds no secret). The password
    /// only ever travels in the POST body; the anti-forgery token binds the form to the browser that loaded it.
    /// </summary>
    public static HtmlPage SignIn(AuthorizationRequest request, AntiforgeryTokenSet antiforgery, TenantDirectory directory,
        string? userName = null, string? error = null, int statusCode = StatusCodes.Status200OK)
    {
        var describedBy = error is null ? "" : " aria-describedby=\"sign-in-error\" aria-invalid=\"true\"";
        var page = new HtmlPage("Sign in to your account", statusCode, RedirectOrigin(request.RedirectUri))
            .Append("<h1>Sign in</h1>")
            .Append($"<p>to continue to <strong>{HtmlPage.Encode(request.Client.DisplayName)}</strong></p>");

        if (error is not null)
        {
            page.Append($"<p id=\"sign-in-error\" class=\"error\" role=\"alert\">{HtmlPage.Encode(error)}</p>");
        }

        return page
            .Append("<form method=\"post\" autocomplete=\"on\">")
            .Append($"<input type=\"hidden\" name=\"{HtmlPage.Encode(antiforgery.FormFieldName)}\" value=\"{HtmlPage.Encode(antiforgery.RequestToken)}\">")
            .Append($"<label for=\"{UserNameField}\">Email or user name</label>")
            .Append($"<input id=\"{UserNameField}\" name=\"{UserNameField}\" type=\"text\" autocomplete=\"username\" required autofocus{describedBy} value=\"{HtmlPage.Encode(userName ?? request.LoginHint)}\">")
            .Append($"<label for=\"{PasswordField}\">Password</label>")
            .Append($"<input id=\"{PasswordField}\" name=\"{PasswordField}\" type=\"password\" autocomplete=\"current-password\" required{describedBy}>")
            .Append("<button type=\"submit\">Sign in</button>")
            .Append("</form>")
            .Append($"<p class=\"note\">AspireObo EntraEmulator (development). Users: {HtmlPage.Encode(string.Join(", ", directory.UserPrincipalNames))}.</p>");
    }

    /// <summary>
    /// The second step of a sign-in that needs multi-factor authentication (the resource's Conditional Access policy, or
    /// a <c>claims</c> challenge): a one-time code the emulator wrote to its log. Posts back to the same address.
    /// </summary>
    public static HtmlPage SecondFactor(AuthorizationRequest request, AntiforgeryTokenSet antiforgery, string handle, string reference,
        string userPrincipalName, string? error = null)
    {
        var describedBy = error is null ? " aria-describedby=\"otc-hint\"" : " aria-describedby=\"otc-hint sign-in-error\" aria-invalid=\"true\"";
        var page = new HtmlPage("Enter code", StatusCodes.Status200OK, RedirectOrigin(request.RedirectUri))
            .Append("<h1>Enter code</h1>")
            .Append($"<p>{HtmlPage.Encode(userPrincipalName)}: more information is required to continue to <strong>{HtmlPage.Encode(request.Client.DisplayName)}</strong>.</p>");

        if (error is not null)
        {
            page.Append($"<p id=\"sign-in-error\" class=\"error\" role=\"alert\">{HtmlPage.Encode(error)}</p>");
        }

        return page
            .Append("<form method=\"post\" autocomplete=\"off\">")
            .Append($"<input type=\"hidden\" name=\"{HtmlPage.Encode(antiforgery.FormFieldName)}\" value=\"{HtmlPage.Encode(antiforgery.RequestToken)}\">")
            .Append($"<input type=\"hidden\" name=\"{SecondFactorHandleField}\" value=\"{HtmlPage.Encode(handle)}\">")
            .Append($"<label for=\"{SecondFactorField}\">Code</label>")
            .Append($"<input id=\"{SecondFactorField}\" name=\"{SecondFactorField}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{{6}}\" maxlength=\"6\" required autofocus{describedBy}>")
            .Append($"<p id=\"otc-hint\" class=\"note\">Development second factor: the EntraEmulator wrote a one-time code for sign-in " +
                $"<strong id=\"sign-in-reference\">{HtmlPage.Encode(reference)}</strong> to its log (Aspire dashboard, resource <strong>identity</strong>, Console logs).</p>")
            .Append("<button type=\"submit\">Verify</button>")
            .Append("</form>");
    }

    /// <summary>Entra's "trouble signing you in" page, for errors that cannot go back to the application.</summary>
    public static HtmlPage Error(EntraError error, HttpContext context)
    {
        var details = EntraErrorResult.Describe(error, context);
        return new HtmlPage("Sign in error", error.StatusCode)
            .Append("<h1>Sorry, but we're having trouble signing you in.</h1>")
            .Append($"<p class=\"error\" role=\"alert\">AADSTS{error.Code}: {HtmlPage.Encode(error.Message)}</p>")
            .Append($"<pre>{HtmlPage.Encode(details.Description)}</pre>");
    }

    public static HtmlPage SignedOut() =>
        new HtmlPage("Signed out")
            .Append("<h1>You signed out of your account</h1>")
            .Append("<p>It's a good idea to close all browser windows.</p>")
            .Append("<p class=\"note\">The emulator keeps no sign-in session: every sign-in asks for the password again.</p>");

    /// <summary><c>response_mode=form_post</c>: the browser posts the parameters to the redirect URI.</summary>
    public static HtmlPage FormPost(string redirectUri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var page = new HtmlPage("Working...", StatusCodes.Status200OK, RedirectOrigin(redirectUri))
            .Append($"<form id=\"response\" method=\"post\" action=\"{HtmlPage.Encode(redirectUri)}\">");
        foreach (var (name, value) in parameters)
        {
            page.Append($"<input type=\"hidden\" name=\"{HtmlPage.Encode(name)}\" value=\"{HtmlPage.Encode(value)}\">");
        }

        return page
            .Append("<noscript><button type=\"submit\">Continue</button></noscript></form>")
            .Append($"<script nonce=\"{page.Nonce}\">document.getElementById('response').submit();</script>");
    }

    private static string RedirectOrigin(string redirectUri) => new Uri(redirectUri).GetLeftPart(UriPartial.Authority);
}
