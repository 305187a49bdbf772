using System.Collections;
using FluentValidation;
using FluentValidation.Validators;

namespace HeadlessCms.Api.Common.Validation;

/// <summary>
/// Rules that say what they enforce in properties, not only in a predicate, so the OpenAPI document can read them
/// (enum, maxItems, maxLength) from the validators instead of restating the numbers.
/// </summary>
public static class DescribedRules
{
    /// <summary>One of a closed set of strings (null passes: pair with NotEmpty when the value is required).</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> values, bool ignoreCase = false) =>
        rule.SetValidator(new OneOfValidator<T>(values, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal));

    /// <summary>At most <paramref name="max"/> items (null passes).</summary>
    public static IRuleBuilderOptions<T, TCollection> MaxItems<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int max)
        where TCollection : IEnumerable? =>
        rule.SetValidator(new ItemCountValidator<T, TCollection>(0, max));

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> items (null passes).</summary>
    public static IRuleBuilderOptions<T, TCollection> ItemCount<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int min, int max)
        where TCollection : IEnumerable? =>
        rule.SetValidator(new ItemCountValidator<T, TCollection>(min, max));

    /// <summary>At most <paramref name="max"/> characters once surrounding whitespace is trimmed (what is stored).</summary>
    public static IRuleBuilderOptions<T, string?> TrimmedMaximumLength<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.SetValidator(new TrimmedLengthValidator<T>(max));
}

/// <summary>A closed set of values; the OpenAPI document lists them as an enum.</summary>
public interface IOneOfValidator
{
    IReadOnlyList<string> Values { get; }
}

/// <summary>Bounds on a collection's size; the OpenAPI document gives them as minItems/maxItems.</summary>
public interface IItemCountValidator
{
    int Min { get; }
    int Max { get; }
}

internal sealed class OneOfValidator<T>(IReadOnlyList<string> values, StringComparer comparer) : PropertyValidator<T, string?>, IOneOfValidator
{
    public IReadOnlyList<string> Values { get; } = values;

    public override string Name => "OneOfValidator";

    public override bool IsValid(ValidationContext<T> context, string? value)
    {
        if (value is null || Values.Contains(value, comparer))
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("Values", string.Join(", ", Values));
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' must be one of: {Values}.";
}

internal sealed class ItemCountValidator<T, TCollection>(int min, int max) : PropertyValidator<T, TCollection>, IItemCountValidator
    where TCollection : IEnumerable?
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    public override string Name => "ItemCountValidator";

    public override bool IsValid(ValidationContext<T> context, TCollection value)
    {
        var count = value switch
        {
            null => -1,
            ICollection collection => collection.Count,
            _ => value.Cast<object?>().Count(),
        };
        if (count < 0 || (count >= Min && count <= Max))
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("Min", Min).AppendArgument("Max", Max);
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) =>
        Min > 0 ? "Give between {Min} and {Max} items in '{PropertyName}'." : "'{PropertyName}' has at most {Max} items.";
}

internal sealed class TrimmedLengthValidator<T>(int max) : PropertyValidator<T, string?>, ILengthValidator
{
    public int Min => 0;
    public int Max { get; } = max;

    public override string Name => "TrimmedLengthValidator";

    public override bool IsValid(ValidationContext<T> context, string? value)
    {
        if (value is null || value.Trim().Length <= Max)
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("MaxLength", Max);
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' has at most {MaxLength} characters.";
}
