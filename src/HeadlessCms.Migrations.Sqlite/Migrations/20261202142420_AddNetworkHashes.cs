using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddNetworkHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NetworkHash",
                table: "Comments",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NetworkHash",
                table: "CommentLikes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NetworkSlot",
                table: "CommentLikes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_NetworkHash_CreatedAt",
                table: "Comments",
                columns: new[] { "NetworkHash", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CommentLikes_CommentId_NetworkHash_NetworkSlot",
                table: "CommentLikes",
                columns: new[] { "CommentId", "NetworkHash", "NetworkSlot" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_NetworkHash_CreatedAt",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_CommentLikes_CommentId_NetworkHash_NetworkSlot",
                table: "CommentLikes");

            migrationBuilder.DropColumn(
                name: "NetworkHash",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "NetworkHash",
                table: "CommentLikes");

            migrationBuilder.DropColumn(
                name: "NetworkSlot",
                table: "CommentLikes");
        }
    }
}
