"""The static files storage with DEBUG off: WhiteNoise's hashed and compressed files.

Once `collectstatic` has written the manifest, pages name the hashed files (cached for a
year by browsers). Before it (the tests, `banshi demo`, a checkout run with DEBUG off) the
manifest is empty and pages name the plain files, which WhiteNoise finds in the apps, where
the plain manifest storage would refuse to render the page at all."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
