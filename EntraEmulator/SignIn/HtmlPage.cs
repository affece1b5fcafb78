using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace EntraEmulator.SignIn;

/// <summary>
/// The emulator's few HTML pages (sign-in, error, signed out, form_post). Every value is HTML-encoded; a strict
/// Content-Security-Policy allows only this response's own inline style/script (by nonce), no framing, and form
/// submission only to this origin and the verified redirect origin; nothing is cached or sent as a referrer.
/// </summary>
public sealed class HtmlPage(string title, int statusCode = StatusCodes.Status200OK, string? formTargetOrigin = null) : IResult
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f2f2f2;color:#1b1b1b;margin:0}
        main{max-width:26rem;margin:4rem auto;background:#fff;padding:2.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
        h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}
        label{display:block;margin:1rem 0 .25rem;font-weight:600}
        input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #666}
        input:focus,button:focus{outline:3px solid #0067b8;outline-offset:2px}
        button{margin-top:1.5rem;padding:.6rem 2rem;font-size:1rem;background:#0067b8;color:#fff;border:0;cursor:pointer}
        .error{color:#a4262c;border-left:4px solid #a4262c;padding:.5rem .75rem;background:#fde7e9}
        .note{color:#444;font-size:.875rem}
        pre{white-space:pre-wrap;word-break:break-word;font-size:.8rem;color:#444}
        """;

    private readonly StringBuilder _body = new();

    public string Nonce { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>Appends trusted markup; use <see cref="Encode"/> for every value that is not a literal.</summary>
    public HtmlPage Append(string trustedHtml)
    {
        _body.Append(trustedHtml);
        return this;
    }

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{Nonce}'; script-src 'nonce-{Nonce}'; " +
            $"form-action 'self'{(formTargetOrigin is null ? "" : " " + formTargetOrigin)}; frame-ancestors 'none'; base-uri 'none'";

        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{Encode(title)}</title>
            <style nonce="{Nonce}">{Style}</style>
            </head>
            <body>
            <main>
            {_body}
            </main>
            </body>
            </html>
            """;
        await response.WriteAsync(html, context.RequestAborted);
    }
}
