using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// An HTTP handler for the AppHost's own calls to the emulator: trusts what the machine trusts, plus the emulator's
/// generated certificate (that one only). Aspire's own HTTP clients would (rightly) refuse an untrusted certificate.
/// </summary>
internal static class PinnedCertificateHandler
{
    public static HttpClientHandler Create(string certificatePath)
    {
        var pinnedThumbprint = X509CertificateLoader.LoadCertificateFromFile(certificatePath).Thumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate?.Thumbprint == pinnedThumbprint),
        };
    }
}
