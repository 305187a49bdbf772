using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using HeadlessCms.Api.Common.Http;

namespace HeadlessCms.Api.Common.Validation;

public static class ValidationRules
{
    /// <summary>The longest slug; an id (36 characters) is shorter, so it bounds every id-or-slug a client sends.</summary>
    public const int MaxSlugLength = 120;

    public const int MaxUrlLength = 2048;

    /// <summary>Field errors keyed the way clients see the fields: camelCase JSON paths such as <c>source.url</c>.</summary>
    public static Dictionary<string, string[]> ToErrorDictionary(IEnumerable<ValidationFailure> failures) =>
        failures
            .GroupBy(f => JsonPath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

    public static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    public static ValidationException Field(string field, string message) => new([new ValidationFailure(field, message)]);

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxUrlLength)
            .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            .WithMessage("'{PropertyName}' must be an absolute http or https URL.");

    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Length(1, MaxSlugLength)
            .Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
            .WithMessage("'{PropertyName}' may only contain lowercase letters a-z, digits and single hyphens between them.")
            .Must(s => !Guid.TryParse(s, out _))
            .WithMessage("'{PropertyName}' cannot look like an id: resources are addressed by id or slug on the same path.");

    /// <summary>An id or a slug naming another resource (a filter such as ?tag=): no longer than a slug.</summary>
    public static IRuleBuilderOptions<T, string?> IdOrSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxSlugLength).WithMessage($"'{{PropertyName}}' is an id or a slug, at most {MaxSlugLength} characters.");

    public static IRuleBuilderOptions<T, int?> PageLimit<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, 100);

    public static IRuleBuilderOptions<T, string?> ValidCursor<T>(this IRuleBuilder<T, string?> rule, CursorKind kind) =>
        rule.MaximumLength(Cursor.MaxLength).Must(c => c is null || Cursor.IsValid(c, kind)).WithMessage("The cursor is malformed; use the nextCursor value of a previous page.");
}
