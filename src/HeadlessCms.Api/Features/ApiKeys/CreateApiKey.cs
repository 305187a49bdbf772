using HeadlessCms.Api.Common.Validation;
using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>
/// Creates a key for a role, with request quotas (per minute and per day; each defaults to the role's in
/// Cms:ApiKeys:Quotas). The secret is in this response only; we keep its hash.
/// </summary>
public sealed record CreateApiKey(string? Name, string? Role, int? RequestsPerMinute = null, int? RequestsPerDay = null) : ICommand<CreatedApiKeyResponse>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKey>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Role).NotEmpty().OneOf(Roles.All)
            .WithMessage($"'role' must be one of: {string.Join(", ", Roles.All)}.");
        RuleFor(x => x.RequestsPerMinute).InclusiveBetween(1, ApiKeyOptions.MaxPerMinute);
        RuleFor(x => x.RequestsPerDay).InclusiveBetween(1, ApiKeyOptions.MaxPerDay);
        RuleFor(x => x.RequestsPerDay)
            .Must((command, perDay) => perDay is null || command.RequestsPerMinute is null || perDay >= command.RequestsPerMinute)
            .WithMessage("'requestsPerDay' must be at least 'requestsPerMinute'.");
    }
}

internal sealed class CreateApiKeyHandler(CmsDbContext db, TimeProvider clock, IOptions<ApiKeyOptions> options)
    : ICommandHandler<CreateApiKey, CreatedApiKeyResponse>
{
    public async ValueTask<CreatedApiKeyResponse> Handle(CreateApiKey command, CancellationToken ct)
    {
        var (entity, key) = Issue(command.Name!.Trim(), command.Role!, clock.GetUtcNow());
        var defaults = options.Value.DefaultFor(entity.Role);
        entity.RequestsPerMinute = command.RequestsPerMinute ?? defaults.RequestsPerMinute;
        entity.RequestsPerDay = command.RequestsPerDay ?? defaults.RequestsPerDay;
        db.ApiKeys.Add(entity);
        db.Record(command.Caller, "create-key", "api-key", entity.Id, null, entity.CreatedAt);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKeyResponse(
            entity.Id, entity.Name, entity.Role, entity.Prefix, entity.CreatedAt, entity.RequestsPerMinute, entity.RequestsPerDay, key);
    }

    public static (ApiKey Entity, string Key) Issue(string name, string role, DateTimeOffset now)
    {
        var key = ApiKeyDefaults.NewKey();
        return (new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Role = role,
            Prefix = key[..ApiKeyDefaults.LookupLength],
            Hash = ApiKeyDefaults.Hash(key),
            CreatedAt = now.UtcDateTime,
        }, key);
    }
}
