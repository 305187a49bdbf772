using System.Globalization;
using System.Net;
using System.Text;
using HeadlessCms.Api.Common.Email;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>An article as a digest shows it.</summary>
public sealed record DigestArticle(Guid Id, string Slug, string Title, string? Excerpt, DateTime PublishedAt, string AuthorName, List<Guid> TagIds);

/// <summary>
/// Writes the newsletter's emails: a plain-text and an HTML part, RFC 8058 one-click unsubscribe headers, a Message-Id
/// that stays the same when a send is retried, and links built from Cms:PublicBaseUrl (never a request's Host).
/// Names and subjects in any script are encoded by MimeKit (RFC 2047); everything a reader typed is HTML-encoded.
/// </summary>
public sealed class NewsletterMail(Mailer mailer, PublicUrls urls, IOptions<NewsletterOptions> options, NewsletterTokens tokens, TimeProvider clock)
{
    private NewsletterOptions Settings => options.Value;

    public async Task<MimeMessage> ConfirmationAsync(Subscriber subscriber, string messageKey, CancellationToken ct)
    {
        var link = urls.Link("/api/v1/newsletter/confirm?token=" + await tokens.ForConfirmationAsync(subscriber.Id, subscriber.ConfirmStamp, ct));
        var title = Settings.Title;
        var text = new StringBuilder()
            .Append(Greeting(subscriber)).Append("\n\n")
            .Append("Please confirm that you want to receive ").Append(title).Append(" at this address by opening this link:\n\n")
            .Append(link).Append("\n\n")
            .Append("The link works for ").Append(Settings.ConfirmHours.ToString(CultureInfo.InvariantCulture)).Append(" hours. ")
            .Append("If you did not sign up, ignore this email: without your confirmation you will not hear from us again.\n");
        var html = new StringBuilder()
            .Append("<p>").Append(Html(Greeting(subscriber))).Append("</p>")
            .Append("<p>Please confirm that you want to receive ").Append(Html(title)).Append(" at this address:</p>")
            .Append("<p><a href=\"").Append(Html(link)).Append("\">Confirm my subscription</a></p>")
            .Append("<p>The link works for ").Append(Settings.ConfirmHours.ToString(CultureInfo.InvariantCulture)).Append(" hours. ")
            .Append("If you did not sign up, ignore this email: without your confirmation you will not hear from us again.</p>");
        return await ComposeAsync(subscriber, $"Confirm your subscription to {title}", messageKey, text.ToString(), Page(html), ct);
    }

    public async Task<MimeMessage> DigestAsync(Subscriber subscriber, IReadOnlyList<DigestArticle> articles, string messageKey, CancellationToken ct)
    {
        var title = Settings.Title;
        var subject = articles.Count == 1 ? $"{title}: {articles[0].Title}" : $"{title}: {articles.Count} new articles";
        var text = new StringBuilder().Append(Greeting(subscriber)).Append("\n\nNew since our last email:\n");
        var html = new StringBuilder().Append("<p>").Append(Html(Greeting(subscriber))).Append("</p><p>New since our last email:</p>");
        foreach (var article in articles)
        {
            var link = ArticleLink(article);
            var date = article.PublishedAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            text.Append("\n* ").Append(article.Title).Append('\n')
                .Append("  ").Append(article.AuthorName).Append(", ").Append(date).Append('\n');
            html.Append("<h2><a href=\"").Append(Html(link)).Append("\">").Append(Html(article.Title)).Append("</a></h2>")
                .Append("<p><small>").Append(Html(article.AuthorName)).Append(", ").Append(Html(date)).Append("</small></p>");
            if (!string.IsNullOrWhiteSpace(article.Excerpt))
            {
                text.Append("  ").Append(article.Excerpt.ReplaceLineEndings(" ")).Append('\n');
                html.Append("<p>").Append(Html(article.Excerpt)).Append("</p>");
            }

            text.Append("  ").Append(link).Append('\n');
        }

        return await ComposeAsync(subscriber, subject, messageKey, text.ToString(), Page(html), ct);
    }

    /// <summary>Where a digest links an article: Cms:Newsletter:ArticleLink with {slug} and {id}, on Cms:PublicBaseUrl when it is a path.</summary>
    public string ArticleLink(DigestArticle article) => urls.FromTemplate(Settings.ArticleLink, article.Slug, article.Id);

    private async Task<MimeMessage> ComposeAsync(Subscriber subscriber, string subject, string messageKey, string text, string html, CancellationToken ct)
    {
        var from = mailer.From;
        var domain = from.Domain is { Length: > 0 } d ? d : "localhost";
        var message = new MimeMessage
        {
            Subject = subject,
            Date = clock.GetUtcNow(),
            MessageId = $"{messageKey}@{domain}",
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(subscriber.Name ?? "", subscriber.Email));

        // RFC 2369 and RFC 8058: a mailto: link, and an https: link that mail programs POST "List-Unsubscribe=One-Click" to.
        // The https link needs Cms:PublicBaseUrl; a relative one would mean nothing in a mail program.
        var token = await tokens.ForUnsubscribeAsync(subscriber.Id, ct);
        var mailbox = string.IsNullOrWhiteSpace(Settings.UnsubscribeMailbox) ? from.Address : Settings.UnsubscribeMailbox;
        var unsubscribe = urls.BaseUrl is null ? null : urls.Link("/api/v1/newsletter/unsubscribe?token=" + token);
        var header = $"<mailto:{mailbox}?subject=unsubscribe%20{token}>";
        if (unsubscribe is not null)
        {
            header += $", <{unsubscribe}>";
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Headers.Add("List-Unsubscribe", header);
        message.Headers.Add("List-Id", $"{Settings.Title.Replace('"', '\'')} <newsletter.{domain}>");

        var footerText = unsubscribe is null
            ? $"\n--\nTo unsubscribe, send an email to {mailbox} with the subject \"unsubscribe {token}\".\n"
            : $"\n--\nTo unsubscribe, open {unsubscribe}\n";
        var footerHtml = unsubscribe is null
            ? $"<hr><p><small>To unsubscribe, send an email to {Html(mailbox)} with the subject \"unsubscribe {token}\".</small></p>"
            : $"<hr><p><small><a href=\"{Html(unsubscribe)}\">Unsubscribe</a></small></p>";
        message.Body = new BodyBuilder
        {
            TextBody = text + footerText,
            HtmlBody = html.Replace("</body>", footerHtml + "</body>", StringComparison.Ordinal),
        }.ToMessageBody();
        return message;
    }

    private static string Greeting(Subscriber subscriber) => string.IsNullOrWhiteSpace(subscriber.Name) ? "Hello," : $"Hello {subscriber.Name},";

    private static string Page(StringBuilder body) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>";

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
