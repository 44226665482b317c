// The page's shared state: the network's nodes and links, the planner's answer, the jobs and shipments.

export const state = {
  nodes: new Map(), // node_id -> node properties and lat/lon (from /v1/network.geojson)
  links: new Map(), // link_id -> link properties
  result: null, // last POST /v1/routes answer
  request: null, // the body it answered
  selected: null, // selected option rank
  sort: { key: "rank", dir: 1 },
  expanded: new Set(), // corridors whose other options are unfolded in the table
  valueOfTime: null, // USD per container-day the last plan was asked with
  planAbort: null,
  jobs: new Map(), // job_id -> status object
  follow: null, // job whose results to show when it finishes
  shownJob: null,
  summaries: new Map(), // job_id -> results
  networkBounds: null,
  framed: false,
  scenarios: [],
  shipments: [], // GET /v1/shipments summaries, each with its latest event
  shownShipment: null, // id of the shipment in #shipment-detail
  shipmentOnMap: false, // the route layer shows a shipment or flows, not the planner's selection
  flowLines: null, // link features of the flows run shown in the Flows view
};

export const nodeName = (id) => state.nodes.get(id)?.name ?? id;
