// qmac_mvu_frame: the activation stream's port of qmac_mvu: TLAST framing, its errors, and the input register.
//
// Every accepted beat is checked against the layer's vector length (K / SIMD beats, TLAST on the last):
//   - early TLAST (before beat K / SIMD): the beat goes on tagged abort; the next beat starts a new vector;
//   - no TLAST on beat K / SIMD: that beat goes on tagged abort, and the beats after it are dropped up to
//     and including the next TLAST;
// either way err_tlast_o is set (sticky) and the fold engine discards the vector (no output). Beats go on
// through a qmac_spill_register, so s_axis_tready is registered: the spill register's ready and accept_q,
// which is high while the engine takes activations: a layer is loaded (accept_allow_i) and no configuration
// packet waits at a vector boundary (cfg_req_i: configuration has priority there, so that a load cannot
// starve; it never cuts a vector, since accept_q only falls at a boundary).
module qmac_mvu_frame #(
  parameter int SIMD    = 8,
  parameter int KbBits  = 1      // width of a beat index (K / SIMD - 1)
) (
  input  logic                       clk_i,
  input  logic                       rst_i,
  input  logic                       accept_allow_i,  // configured, no load in progress
  input  logic                       cfg_req_i,       // s_cfg_tvalid
  input  logic [KbBits-1:0]          kb_last_i,       // K / SIMD - 1 of the loaded layer
  input  logic                       s_axis_tvalid,
  output logic                       s_axis_tready,
  input  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] s_axis_tdata,
  input  logic                       s_axis_tlast,
  output logic                       out_valid_o,     // to the fold engine
  input  logic                       out_ready_i,
  output logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] out_data_o,
  output logic                       out_abort_o,     // this beat ends a bad vector
  output logic                       empty_o,         // no beat waits in the input register
  output logic                       accepting_o,     // accept_q (s_axis_tready may rise)
  output logic                       err_tlast_o
);
  localparam int DataBits = SIMD * qmac_mvu_pkg::ActLaneBits;

  logic              accept_q, dropping_q, err_q;
  logic [KbBits-1:0] pos_q;
  logic              spill_ready, fire, at_end, early, late;
  assign s_axis_tready = accept_q && spill_ready;
  assign fire   = s_axis_tvalid && s_axis_tready;
  assign at_end = pos_q == kb_last_i;
  assign early  = s_axis_tlast && !at_end;
  assign late   = !s_axis_tlast && at_end;

  logic              dropping_d;
  logic [KbBits-1:0] pos_d;
  always_comb begin
    dropping_d = dropping_q;
    pos_d      = pos_q;
    if (fire) begin
      if (dropping_q) begin
        dropping_d = !s_axis_tlast;
      end else begin
        dropping_d = late;
        pos_d      = (s_axis_tlast || at_end) ? '0 : pos_q + KbBits'(1);
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      accept_q   <= 1'b0;
      dropping_q <= 1'b0;
      err_q      <= 1'b0;
      pos_q      <= '0;
    end else begin
      accept_q   <= accept_allow_i && !(cfg_req_i && pos_d == '0 && !dropping_d);
      dropping_q <= dropping_d;
      pos_q      <= pos_d;
      if (fire && !dropping_q && (early || late)) err_q <= 1'b1;
    end
  end

  // Two spill registers in a row: u_in by the port (s_axis_tready), u_in2 by the fold engine, whose step
  // reads its valid and drives its ready. Between them every signal is a register output, so that neither
  // handshake loop crosses the chip twice in a cycle (iCE40 Fmax); it costs an edge of latency
  // (qmac_mvu_pkg::LatencyInput = 2) and holds up to four beats.
  logic                mid_valid, mid_ready, mid_abort;
  logic [DataBits-1:0] mid_data;
  qmac_spill_register #(.Width(DataBits + 1)) u_in (
    .clk_i,
    .rst_i,
    .valid_i (fire && !dropping_q),
    .ready_o (spill_ready),
    .data_i  ({early || late, s_axis_tdata}),
    .valid_o (mid_valid),
    .ready_i (mid_ready),
    .data_o  ({mid_abort, mid_data})
  );
  qmac_spill_register #(.Width(DataBits + 1)) u_in2 (
    .clk_i,
    .rst_i,
    .valid_i (mid_valid),
    .ready_o (mid_ready),
    .data_i  ({mid_abort, mid_data}),
    .valid_o (out_valid_o),
    .ready_i (out_ready_i),
    .data_o  ({out_abort_o, out_data_o})
  );

  assign empty_o     = !out_valid_o && !mid_valid;
  assign accepting_o = accept_q;
  assign err_tlast_o = err_q;

endmodule
