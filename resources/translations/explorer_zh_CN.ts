<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DecodedTree</name>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="61"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="61"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="91"/>
        <source>{0} fields</source>
        <translation>{0} 个字段</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="96"/>
        <source>{0} items</source>
        <translation>{0} 项</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="111"/>
        <source>Double-click to open {0}</source>
        <translation>双击打开 {0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="120"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="120"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="123"/>
        <source>{0} ({1} minor units)</source>
        <translation>{0}（{1} 最小单位）</translation>
    </message>
</context>
<context>
    <name>ExplorerDetailDialog</name>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="161"/>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="165"/>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="175"/>
        <source>Verify with light client</source>
        <translation>用轻节点验证</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="250"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="271"/>
        <source>Block {0}</source>
        <translation>区块 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="273"/>
        <source>Transaction {0}</source>
        <translation>交易 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="275"/>
        <source>Account {0}</source>
        <translation>账户 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="278"/>
        <source>Record {0}</source>
        <translation>记录 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="280"/>
        <source>Everything naming {0}</source>
        <translation>提及 {0} 的全部内容</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="281"/>
        <source>Looking up {0}</source>
        <translation>正在查找 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="309"/>
        <source>A list has nothing to prove as a whole; open one of its items.</source>
        <translation>列表本身无法整体证明；请打开其中一项。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="323"/>
        <source>No network root of trust is configured, so nothing can be verified: {0}</source>
        <translation>未配置网络的信任根，因此无法验证任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="368"/>
        <source>Verify again</source>
        <translation>重新验证</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="374"/>
        <source>no node of the network answered</source>
        <translation>网络中没有节点应答</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="375"/>
        <source>the network&apos;s root of trust is not configured</source>
        <translation>未配置网络的信任根</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="376"/>
        <source>a fork was detected; see the Node page</source>
        <translation>检测到分叉；请查看“节点”页面</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="377"/>
        <source>the light client is halted by a fork alert; see the Node page</source>
        <translation>轻节点因分叉警报已停止；请查看“节点”页面</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="378"/>
        <source>the node&apos;s proof does not lead to the verified state root</source>
        <translation>节点提供的证明无法推导出已验证的状态根</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="379"/>
        <source>the node claims the record is absent but cannot prove it</source>
        <translation>节点声称该记录不存在，但无法证明</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="380"/>
        <source>the node&apos;s inclusion proof does not hold</source>
        <translation>节点提供的包含证明不成立</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="381"/>
        <source>the node answered with another transaction</source>
        <translation>节点返回了另一笔交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="382"/>
        <source>the node does not know this transaction</source>
        <translation>节点不知道这笔交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="383"/>
        <source>the node does not know this item</source>
        <translation>节点不知道此项</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="384"/>
        <source>the node follows another chain</source>
        <translation>该节点属于另一条链</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="385"/>
        <source>the node&apos;s genesis is not the pinned one</source>
        <translation>该节点的创世区块不是固定的那个</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="397"/>
        <source>the verified block {0} has another id ({1}…)</source>
        <translation>已验证的区块 {0} 的 ID 不同（{1}…）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="400"/>
        <source>The block&apos;s header and id are proven: more than two thirds of the validators signed it.</source>
        <translation>区块头和区块 ID 已得到证明：超过三分之二的共识节点签署了它。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="406"/>
        <source>the proven transaction differs from the local copy</source>
        <translation>已证明的交易与本地副本不同</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="408"/>
        <source>the transaction is proven in block {0}, not {1}</source>
        <translation>该交易被证明位于区块 {0}，而不是 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="410"/>
        <source>Its inclusion in block {0} is proven. Whether it succeeded is as the node reports it ({1}): block headers do not commit to results.</source>
        <translation>已证明它包含在区块 {0} 中。是否执行成功以节点报告为准（{1}）：区块头不承诺执行结果。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="429"/>
        <source>Proven: there is no account record at block {0}.</source>
        <translation>已证明：在区块 {0} 时不存在该账户记录。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="430"/>
        <source>the light client proves this record no longer exists at block {0}</source>
        <translation>轻节点证明该记录在区块 {0} 时已不存在</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="434"/>
        <source>The local index (up to block {0}) shows an older value; shown now is the value proven at block {1}.</source>
        <translation>本地索引（至区块 {0}）显示的是较旧的值；现在显示的是在区块 {1} 得到证明的值。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="501"/>
        <source>Height:</source>
        <translation>高度：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="502"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="540"/>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="503"/>
        <source>Since the previous block:</source>
        <translation>距上一区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="503"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="504"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="590"/>
        <source>Transactions:</source>
        <translation>交易：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="504"/>
        <source>{0} ({1} failed)</source>
        <translation>{0}（{1} 笔失败）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="505"/>
        <source>Events:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="506"/>
        <source>Proposer:</source>
        <translation>提议者：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="507"/>
        <source>Signed by:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="507"/>
        <source>{0} of {1} validators</source>
        <translation>{1} 个共识节点中的 {0} 个</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="508"/>
        <source>Block ID:</source>
        <translation>区块 ID：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="509"/>
        <source>State root:</source>
        <translation>状态根：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="514"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="656"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="517"/>
        <source>Validator</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="517"/>
        <source>Vote</source>
        <translation>投票</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="519"/>
        <source>absent</source>
        <translation>缺席</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="519"/>
        <source>signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="519"/>
        <source>voted nil</source>
        <translation>投了空票</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="524"/>
        <source>Commit signatures</source>
        <translation>提交签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="525"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="606"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="657"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="536"/>
        <source>Transaction ID:</source>
        <translation>交易 ID：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="537"/>
        <source>What:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="538"/>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="539"/>
        <source>Block:</source>
        <translation>区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="539"/>
        <source>{0}, position {1}</source>
        <translation>{0}，第 {1} 笔</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="541"/>
        <source>Sender:</source>
        <translation>发送方：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="542"/>
        <source>Sequence number:</source>
        <translation>序号：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="545"/>
        <source>Valid until:</source>
        <translation>有效期至：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="546"/>
        <source>Signatures:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="546"/>
        <source>not available (no node data)</source>
        <translation>不可用（无节点数据）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="556"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="629"/>
        <source>Decoded</source>
        <translation>解码内容</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="561"/>
        <source>Parties and ids</source>
        <translation>相关方与编号</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="566"/>
        <source>Events ({0})</source>
        <translation>事件（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="570"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="575"/>
        <source>Raw bytes ({0})</source>
        <translation>原始字节（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="589"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="590"/>
        <source>{0} ({1} sent)</source>
        <translation>{0}（发出 {1} 笔）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="591"/>
        <source>Events naming it:</source>
        <translation>提及它的事件：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="592"/>
        <source>Active:</source>
        <translation>活跃区间：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="592"/>
        <source>blocks {0} to {1}</source>
        <translation>区块 {0} 至 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="602"/>
        <source>No account record: this address is not a registered account.</source>
        <translation>没有账户记录：此地址不是已注册的账户。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="604"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="605"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="618"/>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="619"/>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="620"/>
        <source>Changed at block:</source>
        <translation>变更于区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="632"/>
        <source>Transactions naming {0}</source>
        <translation>提及 {0} 的交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="633"/>
        <source>Events naming {0}</source>
        <translation>提及 {0} 的事件</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="644"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="644"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="644"/>
        <source>Named in</source>
        <translation>出现在</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="655"/>
        <source>Records ({0})</source>
        <translation>记录（{0}）</translation>
    </message>
</context>
<context>
    <name>ExplorerNode</name>
    <message>
        <location filename="../../app/models/explorer_node.py" line="119"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="120"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="121"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="122"/>
        <source>Behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="123"/>
        <source>Answer time</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="124"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="125"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="161"/>
        <source>{0} (this app reads from it)</source>
        <translation>{0}（本应用从它读取）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="164"/>
        <source>asking…</source>
        <translation>正在询问…</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="166"/>
        <source>not answering</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="168"/>
        <source>another chain!</source>
        <translation>另一条链！</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="169"/>
        <source>answering</source>
        <translation>正常应答</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="177"/>
        <source>in step</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="177"/>
        <source>{0} blocks</source>
        <translation>{0} 个区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="179"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="248"/>
        <source>Validator</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="249"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="250"/>
        <source>Voting power</source>
        <translation>投票权</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="251"/>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="252"/>
        <source>Proposed</source>
        <translation>已提议</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="253"/>
        <source>Operator account</source>
        <translation>运营账户</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="272"/>
        <source>Signed {0} of the {1} blocks it was expected to sign</source>
        <translation>在应签名的 {1} 个区块中签名了 {0} 个</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="302"/>
        <source>{0} % ({1} of {2})</source>
        <translation>{0} %（{2} 个中的 {1} 个）</translation>
    </message>
</context>
<context>
    <name>ExplorerPage</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="169"/>
        <source>Explorer</source>
        <translation>区块浏览器</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="180"/>
        <location filename="../../app/pages/explorer_page.py" line="598"/>
        <source>No node data open</source>
        <translation>未打开节点数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="184"/>
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="187"/>
        <source>Open data folder…</source>
        <translation>打开数据文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="189"/>
        <source>Explore a full node&apos;s data folder, such as an auditor&apos;s copy of the chain</source>
        <translation>浏览全节点的数据文件夹，例如审计人员的链副本</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="196"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="209"/>
        <source>Rebuild index</source>
        <translation>重建索引</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="234"/>
        <location filename="../../app/pages/explorer_page.py" line="593"/>
        <source>Search a height, block or transaction id (or its first 8+ characters), address, order or tank id, kind</source>
        <translation>搜索高度、区块或交易 ID（或其前 8 个以上字符）、地址、订单或储罐编号、类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="239"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="278"/>
        <source>Blocks</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="279"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="280"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="281"/>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="282"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="338"/>
        <source>Go to height</source>
        <translation>跳转到高度</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="349"/>
        <source>A height is a whole number, such as 1200.</source>
        <translation>高度是一个整数，例如 1200。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="386"/>
        <source>Party address (depot1…)</source>
        <translation>相关方地址（depot1…）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="411"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="415"/>
        <source>Failed only</source>
        <translation>仅失败</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="447"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="468"/>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="496"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="530"/>
        <source>Open a node data folder</source>
        <translation>打开节点数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="548"/>
        <source>Could not open {0}: {1}</source>
        <translation>无法打开 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="596"/>
        <source>Search a height, a block or transaction id, or an address</source>
        <translation>搜索高度、区块或交易编号，或地址</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="603"/>
        <source>{0} · indexed to block {1} of {2}</source>
        <translation>{0} · 已索引至区块 {1}（共 {2}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="607"/>
        <source>{0} · indexed to block {1}</source>
        <translation>{0} · 已索引至区块 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="632"/>
        <source>Indexing the latest records…</source>
        <translation>正在索引最新记录…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="634"/>
        <source>, about {0} left</source>
        <translation>，约剩 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="635"/>
        <source>Indexing block {0} of {1} ({2} transactions a second{3})</source>
        <translation>正在索引区块 {0}／{1}（每秒 {2} 笔交易{3}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="650"/>
        <source>The index could not be updated: {0}</source>
        <translation>无法更新索引：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="834"/>
        <source>Without an index, type the whole 64-character id (or open a node data folder to search by its first characters).</source>
        <translation>没有索引时，请输入完整的 64 位编号（或打开节点数据文件夹，按开头字符搜索）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="839"/>
        <source>Without an index, search a height, a 64-character transaction or block id, or an address (depot1…); order and tank ids and kinds need a node data folder.</source>
        <translation>没有索引时，可搜索高度、64 位交易或区块编号，或地址（depot1…）；订单号、储罐编号和类型需要节点数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="869"/>
        <source>The search failed: {0}</source>
        <translation>搜索失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="719"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="738"/>
        <source>Block {0} is not in the index yet (it goes up to block {1}).</source>
        <translation>区块 {0} 尚未进入索引（索引至区块 {1}）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="743"/>
        <source>No block or transaction id starts with “{0}”.</source>
        <translation>没有以“{0}”开头的区块或交易 ID。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="745"/>
        <source>Nothing found for “{0}”.</source>
        <translation>未找到“{0}”。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="755"/>
        <source>{0} matches; double-click one to open it.</source>
        <translation>{0} 个结果；双击打开其中之一。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="770"/>
        <source>Block {0} · {1} · {2} transactions</source>
        <translation>区块 {0} · {1} · {2} 笔交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="775"/>
        <source>Transaction {0} · {1} · block {2}</source>
        <translation>交易 {0} · {1} · 区块 {2}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="777"/>
        <source>Account {0} · {1} transactions</source>
        <translation>账户 {0} · {1} 笔交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="781"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="782"/>
        <source>{0} {1} (names it as {2})</source>
        <translation>{0} {1}（以 {2} 提及）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="784"/>
        <source>Transactions and events naming {0}</source>
        <translation>提及 {0} 的交易和事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="786"/>
        <source>Transactions of kind {0} ({1})</source>
        <translation>类型为 {0} 的交易（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="788"/>
        <source>Events of kind {0}</source>
        <translation>类型为 {0} 的事件</translation>
    </message>
</context>
<context>
    <name>ExplorerRemote</name>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="97"/>
        <source>Height</source>
        <extracomment>Block summaries asked for at a time (the node&apos;s API gives at most 100).</extracomment>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="98"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="99"/>
        <source>Txs</source>
        <translation>交易数</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="100"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="101"/>
        <source>Block id</source>
        <translation>区块编号</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="102"/>
        <source>Verified</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="109"/>
        <source>verified against block {0}</source>
        <translation>已对照区块 {0} 验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="111"/>
        <source>verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="113"/>
        <source>verification failed</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="114"/>
        <source>unverified: from the node&apos;s API</source>
        <translation>未验证：来自节点 API</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="468"/>
        <source>The node cannot be reached; check the network and try again.</source>
        <translation>无法连接节点；请检查网络后重试。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="470"/>
        <source>This network has no pinned genesis hash, so nothing can be verified.</source>
        <translation>此网络没有固定的创世哈希，因此无法验证任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="472"/>
        <source>The node knows no committed transaction with this id.</source>
        <translation>节点上没有此编号的已提交交易。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="474"/>
        <source>The node knows no transaction or block with this id.</source>
        <translation>节点上没有此编号的交易或区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="477"/>
        <source>There is no block {0}: the chain goes from block 1 to block {1}.</source>
        <translation>没有区块 {0}：链的范围是区块 1 到区块 {1}。</translation>
    </message>
</context>
<context>
    <name>ExplorerTables</name>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="384"/>
        <source>This address has a wrong checksum: a character is mistyped.</source>
        <extracomment>Rows asked for per page. Rows a table keeps at most (about 1.3 KB each with their display text); past it, the page asks the person to narrow the listing with the filters or go to a height, so memory stays bounded.</extracomment>
        <translation>此地址的校验和不正确：有字符输错了。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="385"/>
        <source>This is not a valid address: {0}</source>
        <translation>这不是有效的地址：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="387"/>
        <source>Type at least 8 characters of an id.</source>
        <translation>请至少输入 ID 的 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="388"/>
        <source>Several ids start like this; type more characters.</source>
        <translation>有多个 ID 以此开头；请输入更多字符。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="389"/>
        <source>Nothing with this id is in the index.</source>
        <translation>索引中没有此 ID。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="390"/>
        <source>This cannot be searched for: {0}</source>
        <translation>无法搜索此内容：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="391"/>
        <source>The index does not match this node&apos;s data (another chain or history); rebuild it.</source>
        <translation>索引与此节点的数据不符（另一条链或另一段历史）；请重建索引。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="394"/>
        <source>This folder holds no node data.</source>
        <translation>此文件夹中没有节点数据。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="395"/>
        <source>This node data was written by a newer Depot; update Depot to read it.</source>
        <translation>此节点数据由更新版本的 Depot 写入；请更新 Depot 后再读取。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="398"/>
        <source>The index was written by a newer Depot; rebuild it or update Depot.</source>
        <translation>此索引由更新版本的 Depot 写入；请重建索引或更新 Depot。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="401"/>
        <source>No node data folder is open.</source>
        <translation>未打开节点数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="402"/>
        <source>The explorer cannot read this data: {0}</source>
        <translation>区块浏览器无法读取此数据：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="432"/>
        <source>to {0}</source>
        <translation>付给 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="437"/>
        <location filename="../../app/models/explorer_tables.py" line="447"/>
        <source>not decoded ({0})</source>
        <translation>未解码（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="442"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="442"/>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="464"/>
        <source>(unknown type)</source>
        <translation>（未知类型）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="485"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="486"/>
        <location filename="../../app/models/explorer_tables.py" line="527"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="487"/>
        <location filename="../../app/models/explorer_tables.py" line="561"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="488"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="490"/>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="492"/>
        <source>{0} of {1} validators signed this block&apos;s commit</source>
        <translation>{1} 个共识节点中有 {0} 个签署了此区块的提交</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="495"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="496"/>
        <source>Block ID</source>
        <translation>区块 ID</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="522"/>
        <location filename="../../app/models/explorer_tables.py" line="606"/>
        <source>Block</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="524"/>
        <source>Block {0}, transaction {1}</source>
        <translation>区块 {0}，第 {1} 笔交易</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="528"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="529"/>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="530"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="531"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="532"/>
        <source>Transaction ID</source>
        <translation>交易 ID</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="560"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="562"/>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="563"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="564"/>
        <source>First block</source>
        <translation>首个区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="565"/>
        <source>Last block</source>
        <translation>最后区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="584"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="585"/>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="586"/>
        <source>Changed at</source>
        <translation>变更于</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="587"/>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="607"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="609"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
</context>
<context>
    <name>ForkAlertBanner</name>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="73"/>
        <source>What happened?</source>
        <translation>发生了什么？</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="87"/>
        <source>Security alert: two nodes served different signed blocks at height {0}. Syncing has stopped; do not rely on balances or records until this is resolved.</source>
        <translation>安全警报：两个节点在高度 {0} 提供了不同的已签名区块。同步已停止；在问题解决之前，请勿依赖余额或记录。</translation>
    </message>
</context>
<context>
    <name>ForkAlertDialog</name>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="108"/>
        <source>Security alert: fork detected</source>
        <translation>安全警报：检测到分叉</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="110"/>
        <source>Two nodes served different blocks for the same height</source>
        <translation>两个节点在同一高度提供了不同的区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="120"/>
        <source>Both blocks carry the signatures of validators this computer trusts. On this chain a block is final once signed, so this can only happen if validators signed twice or someone is attacking this computer&apos;s connection. The light client has stopped syncing and will not accept new blocks until you acknowledge this alert.

What to do: do not approve payments or releases that depend on recent data. Send the details below to your consortium operator. Acknowledge only after they have explained it.</source>
        <translation>两个区块都带有这台电脑所信任的共识节点的签名。在这条链上，区块一经签名即为最终确定，因此只有在共识节点重复签名，或有人攻击这台电脑的网络连接时才会出现这种情况。轻节点已停止同步，在您确认此警报之前不会接受新区块。

应对方法：不要批准依赖近期数据的付款或放货。将以下详细信息发送给联盟链运营方。只有在他们作出解释后再确认。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="145"/>
        <source>Height:</source>
        <translation>高度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="146"/>
        <source>Last height both agree on:</source>
        <translation>双方一致的最后高度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="147"/>
        <source>Node this computer syncs from:</source>
        <translation>本机同步所用的节点：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="148"/>
        <location filename="../../app/widgets/fork_alert.py" line="150"/>
        <source>Its block:</source>
        <translation>其区块：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="149"/>
        <source>Node that disagrees:</source>
        <translation>不一致的节点：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="151"/>
        <source>Detected:</source>
        <translation>检测时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="152"/>
        <source>Evidence number:</source>
        <translation>证据编号：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="154"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="156"/>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="184"/>
        <source>Acknowledge the fork alert?</source>
        <translation>确认此分叉警报？</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="186"/>
        <source>The light client will sync again from the last height both nodes agree on. Acknowledge only after your consortium operator has explained the conflict.</source>
        <translation>轻节点将从两个节点一致的最后高度重新开始同步。请在联盟链运营方解释冲突之后再确认。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="192"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>LightModeView</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="909"/>
        <source>Light mode: no chain data on this computer</source>
        <translation>轻量模式：本机没有链数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="916"/>
        <source>This computer runs a light node, which keeps only the block headers and proofs it needs. Blocks and searches below come from the node&apos;s API and are checked by the light client. For every transaction, account, record and event, open a node&apos;s data folder (for example an auditor&apos;s copy of the chain).</source>
        <translation>本机运行的是轻节点，只保存所需的区块头和证明。下面的区块和搜索结果来自节点 API，并由轻客户端验证。如需查看全部交易、账户、记录和事件，请打开节点的数据文件夹（例如审计方的链副本）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="927"/>
        <source>Open data folder…</source>
        <translation>打开数据文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="958"/>
        <source>Blocks</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1049"/>
        <source>Loading blocks from the node…</source>
        <translation>正在从节点加载区块…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1051"/>
        <source>No blocks to show.</source>
        <translation>没有可显示的区块。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1053"/>
        <source>{0} blocks loaded from the node&apos;s API; more load as you scroll. Rows on screen are verified by the light client.</source>
        <translation>已从节点 API 加载 {0} 个区块；滚动时加载更多。屏幕上的行由轻客户端验证。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1055"/>
        <source>{0} blocks. Rows on screen are verified by the light client.</source>
        <translation>{0} 个区块。屏幕上的行由轻客户端验证。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1076"/>
        <source>The node&apos;s answer did not match its proof, so nothing of it is shown.</source>
        <translation>节点的回答与其证明不符，因此不显示其中任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1079"/>
        <source>verification failed</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1087"/>
        <source>Transaction {0} in block {1}</source>
        <translation>区块 {1} 中的交易 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1088"/>
        <source>The result is as the node reports it: block headers do not commit to outcomes.</source>
        <translation>执行结果以节点报告为准：区块头不承诺执行结果。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1091"/>
        <source>Block {0}</source>
        <translation>区块 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1094"/>
        <location filename="../../app/pages/explorer_page.py" line="1097"/>
        <source>Account {0}</source>
        <translation>账户 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1098"/>
        <source>There is no such account: its absence is proven against block {0}.</source>
        <translation>没有此账户：其不存在已对照区块 {0} 证明。</translation>
    </message>
</context>
<context>
    <name>ListingTab</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="95"/>
        <source>New rows arrived: show the newest</source>
        <extracomment>How often, at most, the tables take new rows while the index grows.</extracomment>
        <translation>有新数据：显示最新</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="152"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="154"/>
        <source>Showing the first {0} rows. Narrow the listing with the filters, or go to a height.</source>
        <translation>仅显示前 {0} 行。请用筛选条件缩小范围，或跳转到某个高度。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="156"/>
        <source>Nothing to show.</source>
        <translation>没有可显示的内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="158"/>
        <source>{0} rows loaded; more load as you scroll.</source>
        <translation>已加载 {0} 行；滚动时继续加载。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="160"/>
        <source>{0} rows.</source>
        <translation>共 {0} 行。</translation>
    </message>
</context>
<context>
    <name>NodePage</name>
    <message>
        <location filename="../../app/pages/node_page.py" line="91"/>
        <source>Node</source>
        <extracomment>How often peers are asked for their status while the page is shown, and while it is hidden. Least time between two light syncs driven by new blocks. Participation is counted over this many recent blocks.</extracomment>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="136"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="138"/>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="139"/>
        <source>Reads from:</source>
        <translation>数据来源：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="140"/>
        <source>Chain:</source>
        <translation>链：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="141"/>
        <source>Newest block:</source>
        <translation>最新区块：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="145"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="148"/>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="151"/>
        <source>Light client</source>
        <translation>轻节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="161"/>
        <source>Download every block from the network&apos;s nodes and re-execute it here, checking every state root and signature.</source>
        <translation>从网络中的节点下载每个区块并在本机重新执行，检查每个状态根和签名。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="170"/>
        <location filename="../../app/pages/node_page.py" line="669"/>
        <location filename="../../app/pages/node_page.py" line="687"/>
        <source>Start full sync</source>
        <translation>开始完整同步</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="173"/>
        <source>Explore it</source>
        <translation>浏览数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="174"/>
        <source>Open this full node&apos;s data in the Explorer</source>
        <translation>在区块浏览器中打开此全节点的数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="177"/>
        <source>Full node</source>
        <translation>全节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="199"/>
        <source>each node about itself</source>
        <translation>各节点关于自身的报告</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="200"/>
        <source>Nodes of the network</source>
        <translation>网络中的节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="213"/>
        <source>Validators</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="277"/>
        <source>Full node: re-executes every block and keeps the whole chain.</source>
        <translation>全节点：重新执行每个区块并保存整条链。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="280"/>
        <source>Light node: verifies block headers and proofs; keeps only what this computer needs.</source>
        <translation>轻节点：验证区块头和证明；只保存本机需要的数据。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="324"/>
        <source>The node reports block {0} (not verified yet).</source>
        <translation>节点报告的最新区块为 {0}（尚未验证）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="421"/>
        <source>No root of trust is configured for this network, so nothing is verified: {0}</source>
        <translation>此网络未配置信任根，因此没有任何内容经过验证：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="453"/>
        <source>{0} other nodes agreed</source>
        <translation>{0} 个其他节点一致</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="455"/>
        <source>no other node to cross-check</source>
        <translation>没有其他节点可交叉核对</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="458"/>
        <source>; nodes that served a bad header: {0}</source>
        <translation>；提供错误区块头的节点：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="463"/>
        <source>Headers verified up to block {0} ({1}){2}. Checked {3}.</source>
        <translation>区块头已验证至区块 {0}（{1}）{2}。检查时间 {3}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="473"/>
        <source>The light client could not verify the newest blocks: {0}</source>
        <translation>轻节点无法验证最新区块：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="477"/>
        <source>no node of the network answered, or none confirmed the header</source>
        <translation>网络中没有节点应答，或没有节点确认该区块头</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="478"/>
        <source>the node follows another chain</source>
        <translation>该节点属于另一条链</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="479"/>
        <source>the node&apos;s genesis is not the one pinned for this network</source>
        <translation>该节点的创世区块不是此网络固定的那个</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="480"/>
        <source>the network&apos;s root of trust is not configured</source>
        <translation>未配置网络的信任根</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="481"/>
        <source>a header is dated in the future: check this computer&apos;s clock</source>
        <translation>某个区块头的时间在未来：请检查本机时钟</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="482"/>
        <source>a header lacks the signatures of two thirds of the validators</source>
        <translation>某个区块头缺少三分之二共识节点的签名</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="483"/>
        <source>a header carries an invalid signature</source>
        <translation>某个区块头带有无效签名</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="492"/>
        <source>fork detected: syncing stopped</source>
        <translation>检测到分叉：同步已停止</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="314"/>
        <location filename="../../app/pages/node_page.py" line="493"/>
        <location filename="../../app/pages/node_page.py" line="494"/>
        <location filename="../../app/pages/node_page.py" line="570"/>
        <source>fork detected</source>
        <translation>检测到分叉</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="606"/>
        <source>Participation needs a node&apos;s data on this computer (see the Explorer page).</source>
        <translation>参与情况需要本机上的节点数据（见“区块浏览器”页面）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="621"/>
        <source>from local full node</source>
        <translation>来自本地全节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="621"/>
        <source>from a copied data folder</source>
        <translation>来自复制的数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="623"/>
        <source>Signed and proposed: the last {0} blocks (to block {1}), {2}.</source>
        <translation>签名与提议：最近 {0} 个区块（至区块 {1}），{2}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="632"/>
        <source>Stopping after the block being executed…</source>
        <translation>将在当前区块执行完后停止…</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="642"/>
        <source>Cannot prepare the data folder: {0}</source>
        <translation>无法准备数据文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="652"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="655"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="662"/>
        <source>Block {0} of {1}: {2} blocks and {3} transactions a second</source>
        <translation>区块 {0}／{1}：每秒 {2} 个区块、{3} 笔交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="675"/>
        <source>Stopped at block {0}; starting again continues from there.</source>
        <translation>已停在区块 {0}；再次开始将从那里继续。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="678"/>
        <source>Synced to block {0}: {1} transactions re-executed and checked in {2} s.</source>
        <translation>已同步至区块 {0}：{2} 秒内重新执行并检查了 {1} 笔交易。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="689"/>
        <source>The full sync stopped: {0}</source>
        <translation>完整同步已停止：{0}</translation>
    </message>
</context>
<context>
    <name>SyncOverlay</name>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="95"/>
        <source>{0} s</source>
        <extracomment>Samples kept for the rate (Bitcoin Core keeps 500). The rate is measured over at most this long a window.</extracomment>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="97"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="99"/>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="100"/>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="125"/>
        <source>Synchronising with the network</source>
        <translation>正在与网络同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="132"/>
        <source>This computer does not have the newest blocks yet. Balances, orders and records shown may be out of date until synchronisation finishes.</source>
        <translation>这台电脑还没有最新的区块。在同步完成之前，显示的余额、订单和记录可能已过时。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="152"/>
        <source>Blocks left:</source>
        <translation>剩余区块：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="153"/>
        <source>Last block time:</source>
        <translation>最后区块时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="154"/>
        <source>Progress:</source>
        <translation>进度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="155"/>
        <source>Progress increase per hour:</source>
        <translation>每小时进度增加：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="156"/>
        <source>Estimated time left until synced:</source>
        <translation>预计剩余同步时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="157"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="160"/>
        <source>Stop sync</source>
        <translation>停止同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="227"/>
        <source>{0} (at block {1} of {2})</source>
        <translation>{0}（当前区块 {1}／{2}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="238"/>
        <location filename="../../app/widgets/sync_overlay.py" line="244"/>
        <source>calculating…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="242"/>
        <source>synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="248"/>
        <source>Re-executing every block (full sync).</source>
        <translation>正在重新执行每个区块（完整同步）。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="250"/>
        <source>Measured against the newest block the network&apos;s nodes report.</source>
        <translation>以网络中各节点报告的最新区块为基准。</translation>
    </message>
</context>
<context>
    <name>TimeRangeFilter</name>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="21"/>
        <source>Between</source>
        <translation>介于</translation>
    </message>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="31"/>
        <source>and</source>
        <translation>和</translation>
    </message>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="51"/>
        <source>The end must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
</context>
<context>
    <name>VerifiedMark</name>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="84"/>
        <source>Verified against block {0}</source>
        <translation>已对照区块 {0} 验证</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="87"/>
        <source>From local full node, re-executed</source>
        <translation>来自本地全节点，已重新执行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="88"/>
        <source>From local full node, re-executed (up to block {0})</source>
        <translation>来自本地全节点，已重新执行（至区块 {0}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="90"/>
        <source>From a copied data folder, not re-verified here (up to block {0})</source>
        <translation>来自复制的数据文件夹，未在本机重新验证（至区块 {0}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="92"/>
        <source>Unverified: from the node&apos;s API without proof</source>
        <translation>未验证：来自节点 API，无证明</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="94"/>
        <source>Verifying with the light client…</source>
        <translation>正在用轻节点验证…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="96"/>
        <source>Not verified: {0}</source>
        <translation>未通过验证：{0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="96"/>
        <source>the proof did not hold</source>
        <translation>证明不成立</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="102"/>
        <source>Proven on this computer by the light client: the value&apos;s proof leads to the state root of block {0}, whose header more than two thirds of the validators signed.</source>
        <translation>已由本机的轻节点证明：该值的证明可推导出区块 {0} 的状态根，而该区块头由超过三分之二的共识节点签署。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="107"/>
        <source>Read from the data of a full node on this computer ({0}), which executed every block itself and checked every block&apos;s signatures.</source>
        <translation>读取自本机全节点的数据（{0}），该节点自行执行了每个区块并检查了每个区块的签名。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="112"/>
        <source>Read from the node data folder {0}. Its blocks were executed on another computer; verify the folder before relying on these values.</source>
        <translation>读取自节点数据文件夹 {0}。其中的区块是在另一台电脑上执行的；在依赖这些数据之前请先验证该文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="117"/>
        <source>Sent by {0} without a proof. A node that lies could send anything here.</source>
        <translation>由 {0} 发送，没有证明。说谎的节点可以在这里发送任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="118"/>
        <source>the node</source>
        <translation>该节点</translation>
    </message>
</context>
</TS>
