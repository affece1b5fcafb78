using System.Text;

namespace EntraEmulator.Hosting.Applications;

/// <summary>AppHost parameter names, as azd and user secrets show them: kebab case, derived from the application's name.</summary>
internal static class ParameterNames
{
    /// <summary><c>FrontApi</c> → <c>front-api</c>; <c>caller-api</c> stays as it is.</summary>
    public static string Prefix(string name)
    {
        var kebab = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                kebab.Append('-');
            }

            kebab.Append(c is '_' or ' ' or '.' ? '-' : char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }
}
