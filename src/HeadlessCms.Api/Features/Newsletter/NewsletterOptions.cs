namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>Settings of the newsletter (Cms:Newsletter).</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Cms:Newsletter";

    /// <summary>How long a confirmation link works.</summary>
    public int ConfirmHours { get; set; } = 48;

    /// <summary>A pending address that signs up again gets the confirmation email again at most this often.</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Confirmation emails to one recipient domain per hour; beyond it, signups are kept pending without an email.</summary>
    public int ConfirmationsPerDomainPerHour { get; set; } = 100;

    /// <summary>
    /// Disposable-mail domains (and their subdomains) whose signups are answered with the usual 202 and dropped, in
    /// addition to the built-in list (<see cref="DefaultBlockedDomains"/>) unless <see cref="UseBuiltInBlocklist"/> is off.
    /// </summary>
    public List<string> BlockedDomains { get; set; } = [];

    public bool UseBuiltInBlocklist { get; set; } = true;

    /// <summary>The key confirmation and unsubscribe links are signed with. Empty: one is made once and kept in the database.</summary>
    public string? TokenSecret { get; set; }

    /// <summary>The newsletter's name, in subjects and greetings.</summary>
    public string Title { get; set; } = "HeadlessCms News";

    /// <summary>
    /// Where a digest links an article: a path on Cms:PublicBaseUrl or an absolute URL of the front end, with {slug}
    /// (and {id}) filled in.
    /// </summary>
    public string ArticleLink { get; set; } = "/api/v1/articles/{slug}";

    /// <summary>The mailbox of the mailto: List-Unsubscribe link; empty means Cms:Smtp:From.</summary>
    public string? UnsubscribeMailbox { get; set; }

    /// <summary>
    /// A daily digest at this UTC time of day (for example 06:00), sent by exactly one instance; empty: digests are
    /// only sent on request.
    /// </summary>
    public TimeSpan? DigestSchedule { get; set; }

    /// <summary>The first digest looks back this far; later ones start where the previous one ended.</summary>
    public TimeSpan FirstDigestLookback { get; set; } = TimeSpan.FromDays(1);

    public static readonly string[] DefaultBlockedDomains =
    [
        "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com", "10minutemail.com", "temp-mail.org",
        "tempmail.com", "yopmail.com", "trashmail.com", "dispostable.com", "getnada.com", "maildrop.cc", "throwawaymail.com",
        "fakeinbox.com", "mailnesia.com", "mintemail.com", "spamgourmet.com", "emailondeck.com", "mohmal.com", "tempail.com",
    ];
}
