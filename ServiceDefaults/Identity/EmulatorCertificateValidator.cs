using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ServiceDefaults.Identity;

/// <summary>
/// Accepts the local EntraEmulator's self-signed TLS certificate, and only that certificate, on top of the
/// machine's normal trust. Certificates the machine already trusts pass as usual; nothing else is relaxed
/// (a host-name mismatch is never forgiven).
/// </summary>
public sealed class EmulatorCertificateValidator(X509Certificate2 emulatorCertificate)
{
    /// <summary>Loads the emulator's certificate (PEM or DER, public part only).</summary>
    public static EmulatorCertificateValidator FromFile(string certificatePath) =>
        new(X509CertificateLoader.LoadCertificateFromFile(certificatePath));

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var serverCertificate = new X509Certificate2(certificate);
        using var emulatorChain = new X509Chain();
        emulatorChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        emulatorChain.ChainPolicy.CustomTrustStore.Add(emulatorCertificate);
        emulatorChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return emulatorChain.Build(serverCertificate);
    }

    public SocketsHttpHandler CreateHandler() => Apply(new SocketsHttpHandler());

    public SocketsHttpHandler Apply(SocketsHttpHandler handler)
    {
        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        return handler;
    }
}
