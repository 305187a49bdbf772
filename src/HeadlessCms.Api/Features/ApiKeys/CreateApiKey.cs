using HeadlessCms.Api.Common.Validation;
using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>Creates a key for a role. The secret is in this response only; we keep its hash.</summary>
public sealed record CreateApiKey(string? Name, string? Role) : ICommand<CreatedApiKeyResponse>
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
    }
}

internal sealed class CreateApiKeyHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<CreateApiKey, CreatedApiKeyResponse>
{
    public async ValueTask<CreatedApiKeyResponse> Handle(CreateApiKey command, CancellationToken ct)
    {
        var (entity, key) = Issue(command.Name!.Trim(), command.Role!, clock.GetUtcNow());
        db.ApiKeys.Add(entity);
        db.Record(command.Caller, "create-key", "api-key", entity.Id, null, entity.CreatedAt);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKeyResponse(entity.Id, entity.Name, entity.Role, entity.Prefix, entity.CreatedAt, key);
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
