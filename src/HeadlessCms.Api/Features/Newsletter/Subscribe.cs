using System.Security.Cryptography;
using FluentValidation;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// A newsletter signup (double opt-in). The answer is the same 202 whatever happens to the address (new, pending,
/// confirmed, unsubscribed, blocked, caught by the honeypot), so the endpoint tells nobody who is subscribed.
/// <c>website</c> is a honeypot that people never see; it is left out of the OpenAPI document.
/// </summary>
public sealed record Subscribe(string? Email, string? Name, List<string>? Tags, [property: HiddenFromOpenApi] string? Website)
    : ICommand<SignupAccepted>
{
    public const int MaxName = 100;
    public const int MaxTags = 20;
}

/// <summary>The one answer to every accepted signup.</summary>
public sealed record SignupAccepted(string Status, string Message)
{
    public static readonly SignupAccepted Instance = new("accepted",
        "If this address can receive the newsletter, a confirmation email is on its way. Open the link in it to start receiving the newsletter.");
}

internal sealed class SubscribeValidator : AbstractValidator<Subscribe>
{
    public SubscribeValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(EmailAddresses.MaxLength)
            .WithMessage($"'email' must be one plain address such as name@example.com (no name or angle brackets, at most {EmailAddresses.MaxLength} characters).");
        RuleFor(x => x.Email).Must(e => EmailAddresses.Normalize(e) is not null).When(x => !string.IsNullOrEmpty(x.Email))
            .WithMessage($"'email' must be one plain address such as name@example.com (no name or angle brackets, at most {EmailAddresses.MaxLength} characters).");
        RuleFor(x => x.Name).MaximumLength(Subscribe.MaxName)
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("'name' cannot contain control characters or line breaks.");
        RuleFor(x => x.Tags).MaxItems(Subscribe.MaxTags).WithMessage($"At most {Subscribe.MaxTags} tags.");
        RuleForEach(x => x.Tags).Slug();
    }
}

internal sealed class SubscribeHandler(CmsDbContext db, IOptions<NewsletterOptions> options, TimeProvider clock)
    : ICommandHandler<Subscribe, SignupAccepted>
{
    public async ValueTask<SignupAccepted> Handle(Subscribe command, CancellationToken ct)
    {
        var email = EmailAddresses.Normalize(command.Email)!;
        var domain = EmailAddresses.DomainOf(email);

        // Unknown tags are a 400 whatever the address, so the answer still says nothing about it.
        var topics = await ResolveTopicsAsync(command.Tags, ct);
        if (!string.IsNullOrEmpty(command.Website) || IsBlocked(domain))
        {
            return SignupAccepted.Instance;
        }

        try
        {
            await SignUpAsync(email, domain, command.Name, topics, ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
        {
            // A parallel signup of the same address inserted it first: go on from its row.
            db.ChangeTracker.Clear();
            await SignUpAsync(email, domain, command.Name, topics, ct);
        }

        return SignupAccepted.Instance;
    }

    private async Task SignUpAsync(string email, string domain, string? name, List<Guid> topics, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subscriber = await db.Subscribers.Include(s => s.Topics).SingleOrDefaultAsync(s => s.Email == email, ct);
        if (subscriber is null)
        {
            subscriber = new Subscriber
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Email = email,
                EmailDomain = domain,
                CreatedAt = now,
                Status = SubscriberStatus.Pending,
                ConfirmStamp = RandomNumberGenerator.GetInt32(int.MaxValue),
            };
            db.Subscribers.Add(subscriber);
        }
        else if (subscriber.Status == SubscriberStatus.Confirmed)
        {
            // Whoever this is cannot change a confirmed subscription, and learns nothing either.
            return;
        }
        else if (subscriber.Status == SubscriberStatus.Unsubscribed)
        {
            // A new round of opt-in: links from the previous round stop working.
            subscriber.Status = SubscriberStatus.Pending;
            subscriber.ConfirmStamp = RandomNumberGenerator.GetInt32(int.MaxValue);
            subscriber.ConfirmationSentAt = null;
            subscriber.UnsubscribedAt = null;
        }

        subscriber.Name = string.IsNullOrWhiteSpace(name) ? subscriber.Name : name.Trim();
        subscriber.Topics.RemoveAll(t => !topics.Contains(t.TagId));
        subscriber.Topics.AddRange(topics.Where(id => subscriber.Topics.All(t => t.TagId != id))
            .Select(id => new SubscriberTopic { SubscriberId = subscriber.Id, TagId = id }));

        var settings = options.Value;
        if ((subscriber.ConfirmationSentAt is null || subscriber.ConfirmationSentAt <= now - settings.ResendInterval)
            && await DomainHasRoomAsync(domain, now, settings.ConfirmationsPerDomainPerHour, ct))
        {
            subscriber.ConfirmationSentAt = now;
            NewsletterJobs.QueueConfirmation(db, subscriber, clock);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Confirmation emails to one domain in the last hour. A subscriber is sent one at most once an hour, so counting
    /// subscribers of the domain whose last confirmation went out within the hour counts the emails.
    /// </summary>
    private async Task<bool> DomainHasRoomAsync(string domain, DateTime now, int cap, CancellationToken ct)
    {
        if (cap <= 0)
        {
            return true;
        }

        var since = now.AddHours(-1);
        return await db.Subscribers.CountAsync(s => s.EmailDomain == domain && s.ConfirmationSentAt > since, ct) < cap;
    }

    private bool IsBlocked(string domain)
    {
        var settings = options.Value;
        var lists = settings.UseBuiltInBlocklist ? settings.BlockedDomains.Concat(NewsletterOptions.DefaultBlockedDomains) : settings.BlockedDomains;
        return lists.Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Any(d => d.Length > 0 && EmailAddresses.IsAtOrBelow(domain, d));
    }

    private async Task<List<Guid>> ResolveTopicsAsync(List<string>? slugs, CancellationToken ct)
    {
        if (slugs is not { Count: > 0 })
        {
            return [];
        }

        var wanted = slugs.Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Tags.AsNoTracking().Where(t => wanted.Contains(t.Slug)).Select(t => new { t.Id, t.Slug }).ToListAsync(ct);
        var missing = wanted.Where(s => found.All(f => f.Slug != s)).ToList();
        if (missing.Count > 0)
        {
            throw ValidationRules.Field("tags", $"Unknown tag(s): {string.Join(", ", missing)}. Use the slugs of GET /api/v1/tags.");
        }

        return found.Select(f => f.Id).ToList();
    }
}
