using System.Net;
using System.Text.Json;
using HeadlessCms.Api.Common.Validation;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// What a browser gets when it opens the link of an email (GET): a small page with one button that POSTs the token.
/// Opening the link changes nothing, so a mail scanner that fetches every link cannot confirm or unsubscribe anyone.
/// A front end can route the same path to a page of its own that calls the POST endpoint.
/// </summary>
public sealed record ShowLinkPage(string? Token, TokenPurpose Purpose) : IQuery<string>;

internal sealed class ShowLinkPageHandler(NewsletterTokens tokens, IOptions<NewsletterOptions> options) : IQueryHandler<ShowLinkPage, string>
{
    public async ValueTask<string> Handle(ShowLinkPage query, CancellationToken ct)
    {
        await tokens.VerifyAsync(query.Token, query.Purpose, ct);
        var title = WebUtility.HtmlEncode(options.Value.Title);
        var (heading, text, button, action) = query.Purpose == TokenPurpose.Confirm
            ? ("Confirm your subscription", $"Press the button to start receiving {title}.", "Confirm my subscription", "confirm")
            : ("Unsubscribe", $"Press the button to stop receiving {title}.", "Unsubscribe", "unsubscribe");
        var target = $"{action}?token={Uri.EscapeDataString(query.Token!.Trim())}";
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{heading}</title></head>
            <body><main><h1>{heading}</h1><p>{text}</p>
            <form method="post" action="{WebUtility.HtmlEncode(target)}"><button type="submit">{button}</button></form>
            </main></body></html>
            """;
    }
}

/// <summary>
/// The token of a confirm or unsubscribe POST: in the query string (the link itself, and RFC 8058 one-click, whose body
/// is the form field List-Unsubscribe=One-Click), in a form field <c>token</c>, or in a JSON body {"token": "..."}.
/// </summary>
public static class TokenInput
{
    public sealed record TokenBody([property: System.ComponentModel.DataAnnotations.MaxLength(NewsletterTokens.MaxTokenLength)] string? Token);

    public static async Task<string?> ReadAsync(string? fromQuery, HttpRequest request, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(fromQuery))
        {
            return fromQuery;
        }

        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(ct);
                return form["token"].FirstOrDefault();
            }
            catch (InvalidDataException)
            {
                // A multipart body without a boundary, or one that is not multipart at all: the client's error (found by
                // the fuzz run; it was a 500).
                throw ValidationRules.Field("token", "The body is not a valid form; send token as a form field, JSON or in the query.");
            }
        }

        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<TokenBody>(ct);
                return body?.Token;
            }
            catch (JsonException)
            {
                throw ValidationRules.Field("token", "The body must be JSON like {\"token\": \"...\"}.");
            }
        }

        return null;
    }
}
