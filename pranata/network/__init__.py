"""Network figures for a scope of lembaga and the kerjasama ties between them.

Pure code over networkx (and, for big scopes, igraph behind `engine`): plain records in (`Node`, `Edge`),
plain JSON-ready data out (stages as numbers, reasons as codes, which `reports.presentation` names), so a
report can be cached, compared between two dates and tested without a database. Nothing here knows about Django.

- `graph`: the records and the graph built from them
- `ladder`: the five stages and how far the network climbed them
- `figures`: every figure of a report (`analyse`; `analysis` adds every lembaga's betweenness)
- `engine`: networkx or igraph for the costly algorithms; `centrality`: exact or estimated brokers
- `compare`: before and after; `recommend`: what to do next
- `areas`: the areas one level down, each with its own network's figures
- `trend`: the stage and the share per stage at each quarter's end
- `drawing`: positions and summarised drawings; `export`: GraphML, GEXF and dynamic GEXF
"""

from . import areas, centrality, engine, trend
from .areas import Area, by_area
from .compare import compare, edge_map, transitions
from .drawing import group_sizes, layout, summarise
from .export import TieHistory, to_dynamic_gexf, to_gexf, to_graphml, xml_text
from .figures import Analysis, analyse, analysis, degree_centralization
from .graph import EXPORT_NODE_ATTRS, Edge, Listing, Node, Pair, build_graph
from .ladder import STAGES, Rung, coverage_ladder, direction, network_stage
from .recommend import Alasan, recommendations

__all__ = [
    "EXPORT_NODE_ATTRS",
    "STAGES",
    "Alasan",
    "Analysis",
    "Area",
    "Edge",
    "Listing",
    "Node",
    "Pair",
    "Rung",
    "TieHistory",
    "analyse",
    "analysis",
    "areas",
    "build_graph",
    "by_area",
    "centrality",
    "compare",
    "coverage_ladder",
    "degree_centralization",
    "direction",
    "edge_map",
    "engine",
    "group_sizes",
    "layout",
    "network_stage",
    "recommendations",
    "summarise",
    "to_dynamic_gexf",
    "to_gexf",
    "to_graphml",
    "transitions",
    "trend",
    "xml_text",
]
