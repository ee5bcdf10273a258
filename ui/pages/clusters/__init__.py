"""Cụm/Khối thi đua: the page (page.py) and one component a tab; the scoring grid is a table model."""

from ui.pages.clusters.page import ClustersPage, ClustersView, load_clusters_view

__all__ = ["ClustersPage", "ClustersView", "load_clusters_view"]
