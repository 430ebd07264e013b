from .scores import save_topk_figure
from .tracklets import (CAPTION, TRACKLET_COLOURS, backbone_token_map, draw_tracklet_figure,
                        overlay_tracklets, response_maps_grid, save_tracklet_animation,
                        save_tracklet_figure, scale_maps, token_cam, tracklet_figure_image)

__all__ = ['CAPTION', 'TRACKLET_COLOURS', 'backbone_token_map', 'draw_tracklet_figure',
           'overlay_tracklets', 'response_maps_grid', 'save_topk_figure',
           'save_tracklet_animation', 'save_tracklet_figure', 'scale_maps', 'token_cam',
           'tracklet_figure_image']
