using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HeadlessCms.Api.Common.Email;

/// <summary>
/// Sends a message over SMTP with MailKit to Cms:Smtp:Host, or, when no host is configured (the embedded default),
/// writes it as an .eml file to the pickup folder, named after its Message-Id so a retry overwrites instead of
/// duplicating. Callers run it from a background job: a failure throws and the job is retried.
/// </summary>
public sealed class Mailer(IOptions<SmtpOptions> options, IHostEnvironment environment, ILogger<Mailer> logger)
{
    public SmtpOptions Options => options.Value;

    public MailboxAddress From => MailboxAddress.Parse(options.Value.From);

    /// <summary>The folder .eml files go to when no SMTP host is set.</summary>
    public string PickupDirectory => Path.GetFullPath(options.Value.PickupDirectory, environment.ContentRootPath);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            Directory.CreateDirectory(PickupDirectory);
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
            var path = Path.Combine(PickupDirectory, name + ".eml");
            await message.WriteToAsync(path, ct);
            logger.LogInformation("No SMTP host configured: wrote {Path}", path);
            return;
        }

        using var smtp = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        var security = !settings.UseTls ? SecureSocketOptions.None
            : settings.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(settings.Host, settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.User))
        {
            await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }
}
