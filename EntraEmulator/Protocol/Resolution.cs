namespace EntraEmulator.Protocol;

/// <summary>Either a value or the Entra error that prevented it.</summary>
public readonly record struct Resolution<T>(T? Value, EntraError? Error) where T : class
{
    public static implicit operator Resolution<T>(T value) => new(value, null);

    public static implicit operator Resolution<T>(EntraError error) => new(null, error);
}
