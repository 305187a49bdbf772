using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HeadlessCms.Client;

/// <summary>
/// The generated enums carry their wire names as [EnumMember] ("moderator", "article.published"), which
/// System.Text.Json's JsonStringEnumConverter ignores (it would send "Moderator" and "ArticlePublished"). This converter
/// reads and writes exactly the names the contract lists, and an unknown name is a JsonException, not a silent default.
/// </summary>
internal sealed class WireNameEnumConverterFactory : JsonConverterFactory
{
    private static readonly ConcurrentDictionary<System.Type, JsonConverter> Converters = new();

    public override bool CanConvert(System.Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(System.Type typeToConvert, JsonSerializerOptions options) =>
        Converters.GetOrAdd(typeToConvert, type => (JsonConverter)Activator.CreateInstance(typeof(WireNameEnumConverter<>).MakeGenericType(type))!);

    /// <summary>The generated properties name JsonStringEnumConverter in an attribute; this drops it so the factory applies.</summary>
    public static void UseForEnumProperties(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.CustomConverter?.GetType() is { IsGenericType: true } converter &&
                converter.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>))
            {
                property.CustomConverter = null;
            }
        }
    }

    private sealed class WireNameEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(
            value => value,
            value => typeof(T).GetField(value.ToString())!.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString());

        private static readonly Dictionary<string, T> Values = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, System.Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
                ? value
                : throw new JsonException($"Not a {typeof(T).Name} value: {reader.GetString()}");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Names[value]);
    }
}
