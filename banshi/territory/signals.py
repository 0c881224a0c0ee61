from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .geometry import grid_index
from .models import Grid


@receiver([post_save, post_delete], sender=Grid)
def _grid_changed(**kwargs) -> None:
    grid_index.invalidate()
