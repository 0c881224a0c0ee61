"""The point → grid index forgets what it holds when a grid or a region changes here (it
keeps each grid's community and street, so a region saved clears it too)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .grid_index import grid_index
from .models import Grid, Region


@receiver([post_save, post_delete], sender=Grid)
@receiver([post_save, post_delete], sender=Region)
def _territory_changed(**kwargs) -> None:
    grid_index.invalidate()
