using System.Globalization;
using System.Text.RegularExpressions;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// The address rule of the newsletter: one plain address, nothing else. The local part is an ASCII dot-atom (no quoted
/// strings, comments, display names, angle brackets, commas or line breaks, so "Name &lt;victim@x&gt;" and lists of
/// addresses are refused), the domain has at least two labels and a non-numeric top level (no IP literals), and
/// internationalized domains are kept as punycode. The normalized form (lowercase) is the one stored and compared.
/// </summary>
public static partial class EmailAddresses
{
    public const int MaxLength = 254;
    private const int MaxLocalLength = 64;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The normalized address, or null when the input is not one acceptable address.</summary>
    public static string? Normalize(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        var at = text.IndexOf('@');
        if (at <= 0 || at != text.LastIndexOf('@') || at > MaxLocalLength)
        {
            return null;
        }

        var local = text[..at];
        if (!LocalPart().IsMatch(local))
        {
            return null;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(text[(at + 1)..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || !labels.All(l => Label().IsMatch(l)) || labels[^1].All(char.IsAsciiDigit))
        {
            return null;
        }

        var address = local.ToLowerInvariant() + "@" + domain;
        return address.Length <= MaxLength ? address : null;
    }

    public static string DomainOf(string normalized) => normalized[(normalized.IndexOf('@') + 1)..];

    /// <summary>Whether the domain is the listed one or below it (mail.example.com is below example.com).</summary>
    public static bool IsAtOrBelow(string domain, string listed) =>
        domain == listed || domain.EndsWith("." + listed, StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex LocalPart();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Label();
}
