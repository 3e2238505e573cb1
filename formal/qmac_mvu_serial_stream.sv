// qmac_mvu_serial_stream: formal harness of qmac_mvu_requant_serial, the layer engine's output side (the
// serializer, the one requantizer, the beat assembly), with the requantizer's output cut (scripts/formal,
// proof `mvu_serial`).
//
// The environment (assumptions, on its inputs only): a reset in the first cycle; output folds (lo_load_i) at
// least PE cycles apart, as qmac_mvu_fold issues them (property p_gap of `mvu_fold`; the PEs delay every step
// alike). The sums, lo_vlast_i, the parameter memory's data and later resets are free.
// Abstraction: qmac_requant's output y is a free value in every cycle (cutpoint; the requantizer's stages have
// their own proofs): what is proven is where each y goes, not its value.
// The properties (on the ports, and on y), with `D` = PE + 2 + RequantLatency:
//   p_push   push_o exactly D cycles after each lo_load_i: one output beat per output fold, none spurious
//   p_last   ... with push_last_o = that fold's lo_vlast_i (TLAST on the vector's last beat)
//   p_lanes  ... with lane p = the low 8 bits of y D - PE + p cycles after the fold (channel p's result)
//   p_addr   the parameter memory is read at channel PE f + p for the fold's channel p, p = 0 .. PE - 1,
//            f = the folds since the last vector's end (the record of channel p comes out the next cycle)
// Lemmas (internal, proven too): the serializer's state, the valid/last/vlast bits of its two delays and the
// collector's lanes equal the shadow's. formal/qmac_mvu_serial_stream.tcl cuts the requantizer and connects
// the probe_* wires after flattening.
module qmac_mvu_serial_stream #(
  parameter int PE       = 2,
  parameter int ChanBits = 2     // MAX_N = 4
) (
  input logic clk_i
);
  localparam int OutB    = qmac_mvu_pkg::OutLaneBits;
  localparam int RecBits = qmac_mvu_pkg::ChannelWords * qmac_mvu_pkg::CfgWordBits;
  localparam int Rq      = qmac_pkg::RequantLatency;
  localparam int D       = (PE - 1) + qmac_mvu_pkg::LatencyBias + Rq + qmac_mvu_pkg::LatencyOut;   // PE + 2 + Rq
  localparam int CntBits = (PE > 1) ? $clog2(PE) : 1;
  localparam int ShBits  = D + PE;               // loads 1 .. ShBits cycles ago

  (* anyseq *) logic               rst_i, lo_load_i, lo_vlast_i;
  (* anyseq *) logic [PE*16-1:0]   lo_sums_i, hi_sums_i;
  (* anyseq *) logic [RecBits-1:0] prm_rdata_i;
  logic [ChanBits-1:0]  prm_raddr_o;
  logic                 push_o, push_last_o;
  logic [PE*OutB-1:0]   push_data_o;
  qmac_mvu_requant_serial #(.PE(PE), .ChanBits(ChanBits)) u_dut (
    .clk_i, .rst_i, .lo_sums_i, .hi_sums_i, .lo_load_i, .lo_vlast_i, .prm_raddr_o, .prm_rdata_i,
    .push_o, .push_data_o, .push_last_o);

  // ---- The reset in the first cycle (assumed), the cycles the properties are checked in -----------------------
  logic checking;
  qmac_formal_reset u_reset (.clk_i, .rst_i, .first_o(), .checking_o(checking));

  // ---- Probes, driven by formal/qmac_mvu_serial_stream.tcl (probe_y for the properties, the rest lemmas) ----
  logic [qmac_pkg::OutParamBits-1:0] probe_y;    // the cut requantizer's output
  logic                 probe_active, probe_vlast;
  logic [CntBits-1:0]   probe_cnt;
  logic [ChanBits-1:0]  probe_chan;
  logic [1:0]           probe_item_v, probe_item_l, probe_item_vl;   // u_item_d's stages
  logic [Rq-1:0]        probe_y_v, probe_y_l, probe_y_vl;            // u_y_d's stages
  logic [(PE-1)*OutB-1:0] probe_held;                                // the collector's lanes

  // ---- Shadow --------------------------------------------------------------------------------------------------
  logic [ShBits-1:0]   sh_q, shv_q;              // [i]: a load (its vlast) i + 1 cycles ago
  logic [ChanBits-1:0] base_q;                   // the next fold's first channel
  logic [ChanBits-1:0] cur_q;                    // the last fold's first channel
  logic                cur_vl_q, any_q;          // ... its vlast; a fold since the reset
  logic [PE*OutB-1:0]  ys_q;                     // y's low bits in the last PE cycles (the newest on top)
  always_ff @(posedge clk_i) begin
    ys_q         <= {probe_y[OutB-1:0], ys_q[PE*OutB-1:OutB]};
    if (rst_i) begin
      sh_q   <= '0;
      base_q <= '0;
      any_q  <= 1'b0;
    end else begin
      sh_q   <= {sh_q[ShBits-2:0], lo_load_i};
      if (lo_load_i) begin
        base_q   <= lo_vlast_i ? '0 : base_q + ChanBits'(PE);
        cur_q    <= base_q;
        cur_vl_q <= lo_vlast_i;
        any_q    <= 1'b1;
      end
    end
    shv_q <= {shv_q[ShBits-2:0], lo_vlast_i};
  end

  // ---- The environment ----------------------------------------------------------------------------------------
  always_comb begin
    if (!rst_i && lo_load_i) assume (sh_q[PE-2:0] == '0);   // folds at least PE cycles apart
  end

  // ---- Properties ------------------------------------------------------------------------------------------
  logic [PE*OutB-1:0] lanes;                     // y's low bits D - PE + p cycles after the fold
  assign lanes = {probe_y[OutB-1:0], ys_q[PE*OutB-1:OutB]};
  // the load k + 1 cycles ago, k = 0 .. PE - 2 (then channel k + 1 is read now)
  logic               in_fold;
  logic [CntBits-1:0] k_now;
  always_comb begin
    in_fold = 1'b0;
    k_now   = '0;
    for (int k = 0; k < PE - 1; k++) begin
      if (sh_q[k]) begin
        in_fold = 1'b1;
        k_now   = CntBits'(k);
      end
    end
  end
  always_comb begin
    if (checking) begin
      p_push:  assert (push_o == sh_q[D-1]);
      p_last:  assert (!push_o || push_last_o == shv_q[D-1]);
      p_lanes: assert (!push_o || push_data_o == lanes);
      p_addr:  assert (lo_load_i ? prm_raddr_o == base_q
                                 : (!in_fold || prm_raddr_o == cur_q + ChanBits'(k_now) + ChanBits'(1)));
    end
  end

  // ---- Lemmas (on the probes; off in the mutants' runs, -DFORMAL_NO_LEMMAS) ----------------------------------
`ifndef FORMAL_NO_LEMMAS
  // V(o): a fold's channel is o cycles into the pipeline (a load o + p cycles ago, p < PE); L(o): its last
  // channel (the load o + PE - 1 cycles ago); vlast of that load.
  function automatic logic v_at(input logic [ShBits-1:0] sh, input int o);
    v_at = 1'b0;
    for (int p = 0; p < PE; p++) v_at = v_at || sh[o + p];
  endfunction
  logic ok_active, ok_item, ok_y, ok_spacing;
  always_comb begin
    ok_spacing = 1'b1;                           // the shadow's loads are PE cycles apart too
    for (int i = 0; i < ShBits; i++) begin
      for (int j = i + 1; j < i + PE && j < ShBits; j++) ok_spacing = ok_spacing && !(sh_q[i] && sh_q[j]);
    end
    ok_active = probe_active == v_at(sh_q, 0) && (!probe_active || (probe_vlast == cur_vl_q && cur_vl_q == (in_fold ? shv_q[k_now] : shv_q[PE-1])))
                && (!probe_active || in_fold || probe_cnt == CntBits'(PE - 1))
                && (!in_fold || probe_cnt == k_now)
                && (probe_chan == (probe_active && in_fold ? cur_q + ChanBits'(k_now) + ChanBits'(1) : base_q));
    ok_item = 1'b1;
    for (int k = 0; k < 2; k++) begin
      ok_item = ok_item && probe_item_v[k] == v_at(sh_q, k + 1)
                && (!probe_item_v[k] || (probe_item_l[k] == sh_q[k + PE]
                                         && (!probe_item_l[k] || probe_item_vl[k] == shv_q[k + PE])));
    end
    ok_y = 1'b1;
    for (int j = 0; j < Rq; j++) begin
      ok_y = ok_y && probe_y_v[j] == v_at(sh_q, j + 3) && probe_y_l[j] == sh_q[j + 2 + PE]
             && (!probe_y_l[j] || probe_y_vl[j] == shv_q[j + 2 + PE]);
    end
  end
  always_comb begin
    if (checking) begin
      l_spacing: assert (ok_spacing && (any_q ? base_q == (cur_vl_q ? '0 : cur_q + ChanBits'(PE))
                                              : (base_q == '0 && sh_q == '0)));
      l_active: assert (ok_active);
      l_item:   assert (ok_item);
      l_y:      assert (ok_y);
      l_held:   assert (!probe_y_l[Rq-1] || probe_held == ys_q[PE*OutB-1:OutB]);   // at a beat's last channel
    end
  end
`endif

endmodule
