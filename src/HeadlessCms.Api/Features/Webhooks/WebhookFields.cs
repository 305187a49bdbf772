using FluentValidation;
using HeadlessCms.Api.Common.Validation;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>What a subscription's fields look like, shared by create and update (null = not sent).</summary>
public interface IWebhookFields
{
    string? Url { get; }
    IReadOnlyList<string>? EventTypes { get; }
    string? Description { get; }
}

internal sealed class WebhookFieldRules : AbstractValidator<IWebhookFields>
{
    public WebhookFieldRules(IOptions<WebhookOptions> options)
    {
        RuleFor(x => x.Url).MaximumLength(2048)
            .Must(url => url is null || Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
            .WithMessage("'url' must be an absolute https URL.")
            .Must(url => url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
            .WithMessage("'url' cannot carry credentials (user:password@); authenticate deliveries by their signature.")
            .Must(url => url is null || !url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || options.Value.AllowHttp)
            .WithMessage("'url' must use https (http targets need Cms:Webhooks:AllowHttp=true).");
        RuleFor(x => x.EventTypes)
            .ItemCount(1, WebhookEvents.All.Count).WithMessage($"'eventTypes' needs between 1 and {WebhookEvents.All.Count} event types.");
        RuleForEach(x => x.EventTypes)
            .OverrideIndexer((_, _, _, _) => "")   // reported on 'eventTypes', as the whole list's rule is
            .OneOf(WebhookEvents.All).WithMessage((_, type) => $"Unknown event type '{type}'; known: {string.Join(", ", WebhookEvents.All)}.");
        RuleFor(x => x.Description).MaximumLength(500);
    }
}
