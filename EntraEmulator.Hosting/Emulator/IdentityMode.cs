namespace EntraEmulator.Hosting.Emulator;

/// <summary>Which authority an <see cref="EntraIdResource"/> is, decided once per AppHost run.</summary>
internal enum IdentityMode
{
    /// <summary>Nothing asked yet: <c>RunAsEmulator()</c> may still make it the emulator.</summary>
    Undecided,

    /// <summary>The local EntraEmulator (run mode, no tenant parameters configured).</summary>
    Emulator,

    /// <summary>A real Microsoft Entra ID tenant, from parameters (always when publishing).</summary>
    Tenant,
}
