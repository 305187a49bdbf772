namespace HeadlessCms.Api.Common.Email;

/// <summary>The outgoing mail server (Cms:Smtp). Without a host, messages are written as .eml files to the pickup folder.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Cms:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS from the first byte on port 465, STARTTLS (required) on other ports; false: plain SMTP (a local relay).</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The sender, as an address or "Name &lt;address&gt;".</summary>
    public string From { get; set; } = "HeadlessCms <newsletter@localhost>";

    /// <summary>Where messages go when no host is set; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "data/mail-pickup";

    public int TimeoutSeconds { get; set; } = 30;
}
