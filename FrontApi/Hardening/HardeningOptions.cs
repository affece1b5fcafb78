using System.ComponentModel.DataAnnotations;

namespace FrontApi.Hardening;

/// <summary>What the hardening layer keeps (<c>TokenAcquisitionHardening</c> section).</summary>
public sealed class HardeningOptions
{
    public const string SectionName = "TokenAcquisitionHardening";

    /// <summary>Serve a header Identity.Web returned while MSAL would still serve the same token (<see cref="HeaderMemo"/>).
    /// Off, every call goes to Identity.Web: the benchmark's "without the header memo" row.</summary>
    public bool HeaderMemo { get; set; } = true;

    /// <summary>Headers kept at most (one per caller's token and scope set), least recently used evicted first; by default
    /// <c>TokenCache:L1:MaxPartitions</c>, so the token cache's L1 bound covers all that FrontApi keeps per caller in memory.</summary>
    [Range(1, 10_000_000)]
    public int MaxHeaders { get; set; } = 50_000;
}
