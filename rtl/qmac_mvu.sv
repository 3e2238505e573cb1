// qmac_mvu: the weight-stationary layer engine (docs/mvu.md): a fully connected layer held on chip (weights,
// per-channel parameters), PE output channels x SIMD inputs per cycle, AXI4-Stream in and out.
//
//   s_cfg  -> qmac_mvu_cfg (parser) -> weight banks (PE x qmac_mvu_ram), parameter memory (qmac_mvu_ram)
//   s_axis -> qmac_mvu_frame (TLAST framing, input register) -> qmac_mvu_fold (fold schedule; fold 0 writes
//             the input buffer, folds >= 1 read it) -> PE / (1 + DSP_PACK) x qmac_mvu_pe (multipliers, adder
//             trees, accumulators) -> qmac_mvu_requant_serial (result bank, bias, the one qmac_requant, beat
//             assembly) -> qmac_mvu_fifo (credits: the requantizer never stalls) -> m_axis
//
// Everything behind the fold engine is free running; a stall is a step not issued (a bubble). s_axis_tready
// and s_cfg_tready are register outputs (never both high), m_axis_tvalid too.
// LATENCY (Verilator public): the edges from the one that issues a fold's last MAC step to the one after
// which its output beat is valid (qmac_mvu_pkg::latency: mul + $clog2(SIMD) + acc + (PE - 1) + bias +
// requant + out). A beat accepted on s_axis is a step qmac_mvu_pkg::LatencyInput edges later at the earliest.
// Parameter names follow the contract (PE, SIMD, MAX_K, MAX_N, DSP_PACK, DSP_CASCADE).
// rtl/files.f holds two designs, qmac_dot (behind qmac_dot_flat) and this one: each is a top of its own
// (rtl/CMakeLists.txt lints each with --top-module), so reading the whole list has two tops by design.
/* verilator lint_off MULTITOP */
module qmac_mvu #(
  parameter int PE          = 4,      // output channels in parallel, bytes of an output beat: 1..64
  parameter int SIMD        = 8,      // inputs per cycle, bytes of an input beat: 1..64
  parameter int MAX_K       = 256,    // the largest K: a multiple of SIMD, <= 65535
  parameter int MAX_N       = 64,     // the largest N: a multiple of PE, <= 65535
  parameter bit DSP_PACK    = 1'b0,   // 1: two MACs per DSP48E2 (qmac_mul2; PE even)
  parameter bit DSP_CASCADE = 1'b0,   // the requantizer's architecture (qmac_dot's; 1 on xc7)
  parameter bit SIDEBAND_RAM = 1'b1   // 0: the requantizer's short side-band delays in flip-flops (iCE40)
) (
  input  logic                 clk_i,
  input  logic                 rst_i,            // synchronous, active high
  input  logic                 s_cfg_tvalid,
  output logic                 s_cfg_tready,
  input  logic [qmac_mvu_pkg::CfgWordBits-1:0] s_cfg_tdata,
  input  logic                 s_cfg_tlast,
  input  logic                 s_axis_tvalid,
  output logic                 s_axis_tready,
  input  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] s_axis_tdata,
  input  logic                 s_axis_tlast,
  output logic                 m_axis_tvalid,
  input  logic                 m_axis_tready,
  output logic [PE*qmac_mvu_pkg::OutLaneBits-1:0] m_axis_tdata,
  output logic                 m_axis_tlast,
  output logic                 configured_o,
  output logic                 err_cfg_o,
  output logic                 err_tlast_o
);
  localparam int Pairs      = DSP_PACK ? PE / 2 : PE;
  localparam int Ch         = DSP_PACK ? 2 : 1;
  localparam int MulLat     = DSP_PACK ? qmac_mvu_pkg::Mul2Latency : qmac_pkg::MulLatency;
  localparam int TreeLat    = (SIMD > 1) ? $clog2(SIMD) : 0;
  localparam int KbMax      = MAX_K / SIMD;
  localparam int BankDepth  = (MAX_K / SIMD) * (MAX_N / PE);
  localparam int KbBits     = (KbMax > 1) ? $clog2(KbMax) : 1;
  localparam int FBits      = (MAX_N / PE > 1) ? $clog2(MAX_N / PE) : 1;
  localparam int WAddrBits  = (BankDepth > 1) ? $clog2(BankDepth) : 1;
  localparam int ChanBits   = (MAX_N > 1) ? $clog2(MAX_N) : 1;
  localparam int ActW       = SIMD * qmac_mvu_pkg::ActLaneBits;
  localparam int WgtW       = SIMD * qmac_pkg::WeightBits;
  localparam int RecBits    = qmac_mvu_pkg::ChannelWords * qmac_mvu_pkg::CfgWordBits;
  localparam int OutW       = PE * qmac_mvu_pkg::OutLaneBits;
  /* verilator lint_off UNUSEDPARAM */
  localparam int LATENCY /*verilator public*/ = qmac_mvu_pkg::latency(PE, SIMD, DSP_PACK);
  /* verilator lint_on UNUSEDPARAM */
  // Output FIFO entries: qmac_mvu_pkg::fifo_depth says why this many (the formal proofs read it too).
  localparam int FifoDepth  = qmac_mvu_pkg::fifo_depth(PE, SIMD, DSP_PACK);

`ifndef __ICARUS__
  if (PE < 1 || PE > qmac_mvu_pkg::MaxPe || SIMD < 1 || SIMD > qmac_mvu_pkg::MaxSimd) begin : gen_check_pe
    $error("qmac_mvu: PE and SIMD must lie in [1, %0d]", qmac_mvu_pkg::MaxPe);
  end
  if (MAX_K < SIMD || MAX_K % SIMD != 0 || MAX_K > qmac_mvu_pkg::MaxDim
      || MAX_N < PE || MAX_N % PE != 0 || MAX_N > qmac_mvu_pkg::MaxDim) begin : gen_check_dims
    $error("qmac_mvu: MAX_K must be a multiple of SIMD and MAX_N of PE, both <= %0d", qmac_mvu_pkg::MaxDim);
  end
  if (DSP_PACK && PE % 2 != 0) begin : gen_check_pack
    $error("qmac_mvu: DSP_PACK = 1 pairs the PEs: PE must be even");
  end
  if (MulLat + TreeLat + qmac_mvu_pkg::LatencyAcc + PE - 1 + qmac_mvu_pkg::LatencyBias + qmac_pkg::RequantLatency
      + qmac_mvu_pkg::LatencyOut != LATENCY || qmac_mvu_pkg::LatencyAcc != 1 || qmac_mvu_pkg::LatencyBias != 2
      || qmac_mvu_pkg::LatencyOut != 1 || qmac_mvu_pkg::LatencyInput != 2) begin : gen_check_latency
    $error("qmac_mvu: the pipeline's stages do not add up to qmac_mvu_pkg::latency");
  end
`endif

  // ---- Configuration ----------------------------------------------------------------------------------------
  logic                cfg_idle, act_signed, start;
  logic [KbBits-1:0]   kb_last;
  logic [FBits-1:0]    f_last;
  logic                prm_we;
  logic [ChanBits-1:0] prm_waddr, prm_raddr;
  logic [RecBits-1:0]  prm_wdata, prm_rdata;
  logic [PE-1:0]       wgt_we;
  logic [WAddrBits-1:0] wgt_waddr, wgt_raddr;
  logic [WgtW-1:0]     wgt_wdata;
  logic                wgt_step;
  logic [qmac_mvu_pkg::WeightFieldBits-1:0] wgt_value;
  qmac_mvu_cfg #(
    .PE(PE), .SIMD(SIMD), .MAX_K(MAX_K), .MAX_N(MAX_N),
    .KbBits(KbBits), .FBits(FBits), .WAddrBits(WAddrBits), .ChanBits(ChanBits)
  ) u_cfg (
    .clk_i, .rst_i,
    .start_i      (start),
    .s_cfg_tvalid, .s_cfg_tready, .s_cfg_tdata, .s_cfg_tlast,
    .idle_o       (cfg_idle),
    .configured_o,
    .err_cfg_o,
    .act_signed_o (act_signed),
    .kb_last_o    (kb_last),
    .f_last_o     (f_last),
    .prm_we_o     (prm_we),
    .prm_waddr_o  (prm_waddr),
    .prm_wdata_o  (prm_wdata),
    .wgt_we_o     (wgt_we),
    .wgt_waddr_o  (wgt_waddr),
    .wgt_wdata_o  (wgt_wdata),
    .wgt_step_o   (wgt_step),
    .wgt_value_o  (wgt_value)
  );

  // ---- Input: framing and the input register ----------------------------------------------------------------
  logic            in_valid, in_ready, in_abort, in_empty, in_accepting;
  logic [ActW-1:0] in_data;
  qmac_mvu_frame #(.SIMD(SIMD), .KbBits(KbBits)) u_frame (
    .clk_i, .rst_i,
    .accept_allow_i (configured_o && cfg_idle),
    .cfg_req_i      (s_cfg_tvalid),
    .kb_last_i      (kb_last),
    .s_axis_tvalid, .s_axis_tready, .s_axis_tdata, .s_axis_tlast,
    .out_valid_o    (in_valid),
    .out_ready_i    (in_ready),
    .out_data_o     (in_data),
    .out_abort_o    (in_abort),
    .empty_o        (in_empty),
    .accepting_o    (in_accepting),
    .err_tlast_o
  );

  // ---- Fold schedule -----------------------------------------------------------------------------------------
  logic              fold_idle, out_fire;
  logic              buf_we;
  logic [KbBits-1:0] buf_waddr, buf_raddr;
  logic              step_valid, step_last, step_load, step_vlast, step_fold0;
  logic [ActW-1:0]   step_act, buf_rdata;
  qmac_mvu_fold #(
    .PE(PE), .SIMD(SIMD), .KbBits(KbBits), .FBits(FBits), .WAddrBits(WAddrBits), .FifoDepth(FifoDepth)
  ) u_fold (
    .clk_i, .rst_i,
    .kb_last_i    (kb_last),
    .f_last_i     (f_last),
    .in_valid_i   (in_valid),
    .in_ready_o   (in_ready),
    .in_data_i    (in_data),
    .in_abort_i   (in_abort),
    .out_fire_i   (out_fire),
    .load_i       (!cfg_idle),
    .idle_o       (fold_idle),
    .buf_we_o     (buf_we),
    .buf_waddr_o  (buf_waddr),
    .buf_raddr_o  (buf_raddr),
    .wgt_raddr_o  (wgt_raddr),
    .step_valid_o (step_valid),
    .step_last_o  (step_last),
    .step_load_o  (step_load),
    .step_vlast_o (step_vlast),
    .step_fold0_o (step_fold0),
    .act_o        (step_act)
  );
  // A load starts when a packet waits, no vector is in progress or waiting, and every output is delivered:
  // registered (iCE40 Fmax: the idle tests fed the parser's state machine), so a load starts one edge after
  // the engine was seen idle. It stays idle meanwhile: no beat was accepted (in_accepting low), and the
  // packet's TVALID stays up until its first word is taken (AXI4-Stream), which keeps the input closed
  // (qmac_mvu_frame). cfg_idle in the term keeps a stale start from the cycle a load ended.
  logic start_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) start_q <= 1'b0;
    else       start_q <= s_cfg_tvalid && cfg_idle && fold_idle && in_empty && !in_accepting;
  end
  assign start = start_q;

  // ---- Memories ----------------------------------------------------------------------------------------------
  qmac_mvu_ram #(.Width(ActW), .Depth(KbMax)) u_inbuf (
    .clk_i, .we_i(buf_we), .waddr_i(buf_waddr), .wdata_i(in_data), .raddr_i(buf_raddr), .rdata_o(buf_rdata));
  // The parameter memory keeps only the record's fields (102 of its 128 bits: 7 SB_RAM40_4K of 16 bits
  // instead of 8 on iCE40, whose block RAM the weights fill); the bits between them read as 0.
  localparam int W = qmac_mvu_pkg::CfgWordBits;
  localparam int PrmBits = qmac_mvu_pkg::ChannelBiasBits + qmac_mvu_pkg::ChannelMultiplierBits
                         + qmac_mvu_pkg::ChannelShiftBits + qmac_mvu_pkg::ChannelRoundingBits
                         + qmac_mvu_pkg::ChannelWrapOffsetBits + qmac_mvu_pkg::ChannelOutZeroPointBits + qmac_mvu_pkg::ChannelOutMinBits
                         + qmac_mvu_pkg::ChannelOutMaxBits;
  `define QMAC_MVU_FIELD(rec, f) rec[qmac_mvu_pkg::Channel``f``Word*W + qmac_mvu_pkg::Channel``f``Lsb +: qmac_mvu_pkg::Channel``f``Bits]
  logic [PrmBits-1:0] prm_wfields, prm_rfields;
  assign prm_wfields = {`QMAC_MVU_FIELD(prm_wdata, Bias), `QMAC_MVU_FIELD(prm_wdata, Multiplier),
                        `QMAC_MVU_FIELD(prm_wdata, Shift), `QMAC_MVU_FIELD(prm_wdata, Rounding),
                        `QMAC_MVU_FIELD(prm_wdata, WrapOffset), `QMAC_MVU_FIELD(prm_wdata, OutZeroPoint), `QMAC_MVU_FIELD(prm_wdata, OutMin),
                        `QMAC_MVU_FIELD(prm_wdata, OutMax)};
  always_comb begin
    prm_rdata = '0;
    {`QMAC_MVU_FIELD(prm_rdata, Bias), `QMAC_MVU_FIELD(prm_rdata, Multiplier),
     `QMAC_MVU_FIELD(prm_rdata, Shift), `QMAC_MVU_FIELD(prm_rdata, Rounding),
     `QMAC_MVU_FIELD(prm_rdata, WrapOffset), `QMAC_MVU_FIELD(prm_rdata, OutZeroPoint), `QMAC_MVU_FIELD(prm_rdata, OutMin),
     `QMAC_MVU_FIELD(prm_rdata, OutMax)} = prm_rfields;
  end
  `undef QMAC_MVU_FIELD
  qmac_mvu_ram #(.Width(PrmBits), .Depth(MAX_N)) u_params (
    .clk_i, .we_i(prm_we), .waddr_i(prm_waddr), .wdata_i(prm_wfields), .raddr_i(prm_raddr),
    .rdata_o(prm_rfields));
  logic [PE*WgtW-1:0] wgt_rdata;   // bank p at [p WgtW +: WgtW]
  for (genvar p = 0; p < PE; p++) begin : gen_bank
    qmac_mvu_ram #(.Width(WgtW), .Depth(BankDepth)) u_bank (
      .clk_i, .we_i(wgt_we[p]), .waddr_i(wgt_waddr), .wdata_i(wgt_wdata), .raddr_i(wgt_raddr),
      .rdata_o(wgt_rdata[p*WgtW +: WgtW]));
  end

  // ---- MACs ----------------------------------------------------------------------------------------------------
  // Fold 0's activations are the input register's (registered beside the step), the other folds' the buffer's.
  logic [ActW-1:0] act;
  assign act = step_fold0 ? step_act : buf_rdata;
  // Each activation extended to 9 signed bits (int8 sign-extended, uint8 zero-extended: the loaded layer's
  // signedness) and, for qmac_mvu_mul (DSP_PACK = 0), its operand register: both once per lane for all
  // PEs. The netlist is the one a register per multiplier gives (Yosys merges the equal flip-flops; iCE40
  // cell counts identical), but a Verilated model copies SIMD operands per cycle instead of PE x SIMD
  // (16 x 16: 1,261 instructions per cycle fewer, docs/performance.md). qmac_mul2 registers its own.
  localparam int XBits = qmac_pkg::WeightBits;
  logic [SIMD*XBits-1:0] act_ext, act_ext_q;   // lane i at [9i +: 9]
  for (genvar i = 0; i < SIMD; i++) begin : gen_act
    localparam int B = qmac_mvu_pkg::ActLaneBits;
    assign act_ext[i*XBits +: XBits] = {act_signed && act[i*B+B-1], act[i*B +: B]};
  end
  always_ff @(posedge clk_i) act_ext_q <= act_ext;
  logic beat_valid, beat_last, beat_load, beat_vlast, hi_valid, hi_last;
  qmac_delay #(.Width(4), .Depth(MulLat + TreeLat), .Reset(1'b1)) u_beat_d (
    .clk_i, .rst_i, .en_i(1'b1),
    .data_i ({step_valid, step_last, step_load, step_vlast}),
    .data_o ({beat_valid, beat_last, beat_load, beat_vlast})
  );
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      hi_valid <= 1'b0;
      hi_last  <= 1'b0;
    end else begin
      hi_valid <= beat_valid;
      hi_last  <= beat_last;
    end
  end
  logic [PE*16-1:0] lo_sums, hi_sums;
  for (genvar q = 0; q < Pairs; q++) begin : gen_pe
    qmac_mvu_pe #(.SIMD(SIMD), .DSP_PACK(DSP_PACK)) u_pe (
      .clk_i, .rst_i,
      .act_i        (act_ext),
      .act_q_i      (act_ext_q),
      .wgt_i        (wgt_rdata[q*Ch*WgtW +: Ch*WgtW]),
      .beat_valid_i (beat_valid),
      .beat_last_i  (beat_last),
      .hi_valid_i   (hi_valid),
      .hi_last_i    (hi_last),
      .lo_sum_o     (lo_sums[q*Ch*16 +: Ch*16]),
      .hi_sum_o     (hi_sums[q*Ch*16 +: Ch*16])
    );
  end

  // ---- Requantizer and output ----------------------------------------------------------------------------------
  logic            push, push_last, fifo_full;
  logic [OutW-1:0] push_data;
  qmac_mvu_requant_serial #(
    .PE(PE), .ChanBits(ChanBits), .DSP_CASCADE(DSP_CASCADE), .SIDEBAND_RAM(SIDEBAND_RAM)
  ) u_serial (
    .clk_i, .rst_i,
    .lo_sums_i   (lo_sums),
    .hi_sums_i   (hi_sums),
    .lo_load_i   (beat_valid && beat_last && beat_load),
    .lo_vlast_i  (beat_vlast),
    .prm_raddr_o (prm_raddr),
    .prm_rdata_i (prm_rdata),
    .push_o      (push),
    .push_data_o (push_data),
    .push_last_o (push_last)
  );
  qmac_mvu_fifo #(.Width(OutW + 1), .Depth(FifoDepth)) u_fifo (
    .clk_i, .rst_i,
    .push_i  (push),
    .data_i  ({push_last, push_data}),
    .full_o  (fifo_full),
    .valid_o (m_axis_tvalid),
    .ready_i (m_axis_tready),
    .data_o  ({m_axis_tlast, m_axis_tdata})
  );
  assign out_fire = m_axis_tvalid && m_axis_tready;

  // ---- Assertions (simulation only) ------------------------------------------------------------------------------
`ifndef SYNTHESIS
  qmac_mvu_assertions #(.PE(PE), .SIMD(SIMD)) u_assertions (
    .clk_i, .rst_i,
    .s_cfg_tvalid, .s_cfg_tready, .s_cfg_tdata, .s_cfg_tlast,
    .s_axis_tvalid, .s_axis_tready, .s_axis_tdata, .s_axis_tlast,
    .m_axis_tvalid, .m_axis_tready, .m_axis_tdata, .m_axis_tlast,
    .configured_o, .err_cfg_o, .err_tlast_o,
    .prm_we_i    (prm_we),
    .prm_wdata_i (prm_wdata),
    .wgt_step_i  (wgt_step),
    .wgt_value_i (wgt_value),
    .push_i      (push),
    .fifo_full_i (fifo_full)
  );
`else
  logic unused_sim;
  assign unused_sim = ^{wgt_step, wgt_value, fifo_full};
`endif

endmodule
