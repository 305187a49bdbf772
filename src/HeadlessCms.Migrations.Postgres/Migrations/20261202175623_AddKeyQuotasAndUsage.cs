using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddKeyQuotasAndUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastUsedAt",
                table: "ApiKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequestsPerDay",
                table: "ApiKeys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequestsPerMinute",
                table: "ApiKeys",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiKeyUsage",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Requests = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeyUsage", x => new { x.KeyId, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeyUsage_Day",
                table: "ApiKeyUsage",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiKeyUsage");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "RequestsPerDay",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "RequestsPerMinute",
                table: "ApiKeys");
        }
    }
}
