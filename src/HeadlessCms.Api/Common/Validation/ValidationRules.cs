using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using HeadlessCms.Api.Common.Http;

namespace HeadlessCms.Api.Common.Validation;

public static class ValidationRules
{
    /// <summary>Field errors keyed the way clients see the fields: camelCase JSON paths such as <c>source.url</c>.</summary>
    public static Dictionary<string, string[]> ToErrorDictionary(IEnumerable<ValidationFailure> failures) =>
        failures
            .GroupBy(f => JsonPath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

    public static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    public static ValidationException Field(string field, string message) => new([new ValidationFailure(field, message)]);

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(2048)
            .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            .WithMessage("'{PropertyName}' must be an absolute http or https URL.");

    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Length(1, 120)
            .Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
            .WithMessage("'{PropertyName}' may only contain lowercase letters a-z, digits and single hyphens between them.")
            .Must(s => !Guid.TryParse(s, out _))
            .WithMessage("'{PropertyName}' cannot look like an id: resources are addressed by id or slug on the same path.");

    public static IRuleBuilderOptions<T, int?> PageLimit<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, 100);

    public static IRuleBuilderOptions<T, string?> ValidCursor<T>(this IRuleBuilder<T, string?> rule, CursorKind kind) =>
        rule.Must(c => c is null || Cursor.IsValid(c, kind)).WithMessage("The cursor is malformed; use the nextCursor value of a previous page.");
}
