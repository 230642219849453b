"""Province officers choose and upload images (the organisation's seal and banner)
with Wagtail's chooser: the group of their role, with those permissions on the root
collection, and every officer already appointed in it (accounts/roles.py)."""

from django.db import migrations

GROUP = "Vai trò Cán bộ Ban/Sở TĐKT tỉnh"
CODENAMES = {"add_image": "Can add image", "choose_image": "Can choose image"}


def give_officers_images(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    User = apps.get_model("accounts", "User")

    image, _ = ContentType.objects.get_or_create(
        app_label="wagtailimages", model="image"
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    root = Collection.objects.get(depth=1)
    for codename, name in CODENAMES.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=image, codename=codename, defaults={"name": name}
        )
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    officers = RoleAssignment.objects.filter(role="province_officer")
    for user in User.objects.filter(pk__in=officers.values("user_id")):
        user.groups.add(group)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token_expiry_revocation"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(give_officers_images, remove_group)]
