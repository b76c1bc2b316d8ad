"""Public-domain classical texts, typed for the sample generator (traditional characters).

Each passage is a string of unpunctuated text, as woodblock prints carry it. Commentary
printed as double-line small notes (雙行小注) is written inline between 〔 and 〕, right
after the words it explains. The commentary follows the old commentaries in spirit (朱熹,
河上公, 趙岐) and is abridged; all of it is in the public domain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

NOTE_OPEN, NOTE_CLOSE = "〔", "〕"


@dataclass(frozen=True)
class Chapter:
    """A chapter (篇/章): its heading as printed and its passages, each starting a column."""

    heading: str
    passages: tuple[str, ...]


@dataclass(frozen=True)
class Work:
    """A book the generator can print: short title for the centre strip and its chapters."""

    key: str
    title: str  # full title, printed at the head of a juan: 「論語集注卷第一」
    strip_title: str  # abbreviated title in the centre strip (版心)
    author_line: str  # the responsibility line printed under the juan title
    chapters: tuple[Chapter, ...]


LUNYU = Work(
    key="lunyu",
    title="論語集注",
    strip_title="論語",
    author_line="朱熹集注",
    chapters=(
        Chapter("學而第一", (
            "子曰學而時習之不亦說乎〔說悅同學之為言效也人性皆善而覺有先後後覺者必效先覺之所為"
            "乃可以明善而復其初也習鳥數飛也學之不已如鳥數飛也〕有朋自遠方來不亦樂乎〔朋同類也"
            "自遠方來則近者可知〕人不知而不慍不亦君子乎〔慍含怒意君子成德之名〕",
            "有子曰其為人也孝弟而好犯上者鮮矣不好犯上而好作亂者未之有也〔有子孔子弟子名若善事"
            "父母為孝善事兄長為弟〕君子務本本立而道生孝弟也者其為仁之本與〔務專力也本猶根也"
            "仁者愛之理心之德也〕",
            "子曰巧言令色鮮矣仁〔好其言善其色致飾於外務以悅人則人欲肆而本心之德亡矣〕",
            "曾子曰吾日三省吾身為人謀而不忠乎與朋友交而不信乎傳不習乎〔曾子孔子弟子名參字子輿"
            "盡己之謂忠以實之謂信傳謂受之於師習謂熟之於己〕",
            "子曰道千乘之國敬事而信節用而愛人使民以時〔道治也千乘諸侯之國其地可出兵車千乘者也〕",
            "子曰弟子入則孝出則弟謹而信汎愛眾而親仁行有餘力則以學文〔謹者行之有常也信者言之有實也"
            "餘力猶言暇日以用也文謂詩書六藝之文〕",
            "子夏曰賢賢易色事父母能竭其力事君能致其身與朋友交言而有信雖曰未學吾必謂之學矣",
            "子曰君子不重則不威學則不固主忠信無友不如己者過則勿憚改〔重厚重威威嚴固堅固也〕",
            "曾子曰慎終追遠民德歸厚矣〔慎終者喪盡其禮追遠者祭盡其誠〕",
            "子禽問於子貢曰夫子至於是邦也必聞其政求之與抑與之與子貢曰夫子溫良恭儉讓以得之"
            "夫子之求之也其諸異乎人之求之與",
            "子曰父在觀其志父沒觀其行三年無改於父之道可謂孝矣",
            "有子曰禮之用和為貴先王之道斯為美小大由之有所不行知和而和不以禮節之亦不可行也",
            "有子曰信近於義言可復也恭近於禮遠恥辱也因不失其親亦可宗也",
            "子曰君子食無求飽居無求安敏於事而慎於言就有道而正焉可謂好學也已",
            "子貢曰貧而無諂富而無驕何如子曰可也未若貧而樂富而好禮者也子貢曰詩云如切如磋如琢"
            "如磨其斯之謂與子曰賜也始可與言詩已矣告諸往而知來者",
            "子曰不患人之不己知患不知人也",
        )),
        Chapter("為政第二", (
            "子曰為政以德譬如北辰居其所而眾星共之〔政之為言正也所以正人之不正也德之為言得也"
            "得於心而不失也北辰北極天之樞也〕",
            "子曰詩三百一言以蔽之曰思無邪〔詩三百十一篇言三百者舉大數也蔽猶蓋也〕",
            "子曰道之以政齊之以刑民免而無恥道之以德齊之以禮有恥且格",
            "子曰吾十有五而志于學三十而立四十而不惑五十而知天命六十而耳順七十而從心所欲不踰矩",
            "孟懿子問孝子曰無違樊遲御子告之曰孟孫問孝於我我對曰無違樊遲曰何謂也子曰生事之以禮"
            "死葬之以禮祭之以禮",
            "孟武伯問孝子曰父母唯其疾之憂",
            "子游問孝子曰今之孝者是謂能養至於犬馬皆能有養不敬何以別乎",
            "子夏問孝子曰色難有事弟子服其勞有酒食先生饌曾是以為孝乎",
            "子曰吾與回言終日不違如愚退而省其私亦足以發回也不愚〔回孔子弟子姓顏字子淵〕",
            "子曰視其所以觀其所由察其所安人焉廋哉人焉廋哉",
            "子曰溫故而知新可以為師矣〔溫尋繹也故者舊所聞新者今所得〕",
            "子曰君子不器〔器者各適其用而不能相通〕",
            "子貢問君子子曰先行其言而後從之",
            "子曰君子周而不比小人比而不周",
            "子曰學而不思則罔思而不學則殆",
        )),
    ),
)

DAXUE = Work(
    key="daxue",
    title="大學章句",
    strip_title="大學",
    author_line="朱熹章句",
    chapters=(
        Chapter("經一章", (
            "大學之道在明明德在親民在止於至善〔程子曰親當作新大學者大人之學也明明之也明德者"
            "人之所得乎天而虛靈不昧以具眾理而應萬事者也〕",
            "知止而后有定定而后能靜靜而后能安安而后能慮慮而后能得〔止者所當止之地即至善之所在也"
            "知之則志有定向〕物有本末事有終始知所先後則近道矣",
            "古之欲明明德於天下者先治其國欲治其國者先齊其家欲齊其家者先修其身欲修其身者先正其心"
            "欲正其心者先誠其意欲誠其意者先致其知致知在格物〔致推極也知猶識也格至也物猶事也"
            "窮至事物之理欲其極處無不到也〕",
            "物格而后知至知至而后意誠意誠而后心正心正而后身修身修而后家齊家齊而后國治國治而后"
            "天下平",
            "自天子以至於庶人壹是皆以修身為本其本亂而末治者否矣其所厚者薄而其所薄者厚未之有也",
        )),
    ),
)

ZHONGYONG = Work(
    key="zhongyong",
    title="中庸章句",
    strip_title="中庸",
    author_line="朱熹章句",
    chapters=(
        Chapter("第一章", (
            "天命之謂性率性之謂道修道之謂教〔命猶令也性即理也天以陰陽五行化生萬物〕",
            "道也者不可須臾離也可離非道也是故君子戒慎乎其所不睹恐懼乎其所不聞〔離去聲道者日用"
            "事物當行之理〕莫見乎隱莫顯乎微故君子慎其獨也",
            "喜怒哀樂之未發謂之中發而皆中節謂之和中也者天下之大本也和也者天下之達道也",
            "致中和天地位焉萬物育焉〔致推而極之也位者安其所也育者遂其生也〕",
        )),
        Chapter("第二章", (
            "仲尼曰君子中庸小人反中庸君子之中庸也君子而時中小人之中庸也小人而無忌憚也",
            "子曰中庸其至矣乎民鮮能久矣〔過則失中不及則未至故惟中庸之德為至〕",
            "子曰道之不行也我知之矣知者過之愚者不及也道之不明也我知之矣賢者過之不肖者不及也",
            "人莫不飲食也鮮能知味也",
        )),
    ),
)

DAODEJING = Work(
    key="daodejing",
    title="道德真經注",
    strip_title="道德經",
    author_line="河上公章句",
    chapters=(
        Chapter("體道第一", (
            "道可道〔謂經術政教之道也〕非常道〔非自然長生之道也〕名可名〔謂富貴尊榮高世之名也〕"
            "非常名〔非自然常在之名也〕無名天地之始有名萬物之母故常無欲以觀其妙常有欲以觀其徼"
            "此兩者同出而異名同謂之玄玄之又玄眾妙之門",
        )),
        Chapter("養身第二", (
            "天下皆知美之為美斯惡已皆知善之為善斯不善已故有無相生難易相成長短相形高下相傾"
            "音聲相和前後相隨是以聖人處無為之事行不言之教〔以道化民也〕萬物作焉而不辭生而不有"
            "為而不恃功成而弗居夫唯弗居是以不去",
        )),
        Chapter("安民第三", (
            "不尚賢使民不爭不貴難得之貨使民不為盜不見可欲使民心不亂〔放鄭聲遠佞人也〕是以聖人之治"
            "虛其心實其腹弱其志強其骨常使民無知無欲使夫知者不敢為也為無為則無不治",
        )),
        Chapter("無源第四", (
            "道沖而用之或不盈淵兮似萬物之宗挫其銳解其紛和其光同其塵湛兮似或存吾不知誰之子"
            "象帝之先",
        )),
        Chapter("虛用第五", (
            "天地不仁以萬物為芻狗聖人不仁以百姓為芻狗天地之間其猶橐籥乎〔橐籥中空虛故能有聲氣〕"
            "虛而不屈動而愈出多言數窮不如守中",
        )),
        Chapter("成象第六", ("谷神不死是謂玄牝玄牝之門是謂天地根綿綿若存用之不勤",)),
        Chapter("韜光第七", (
            "天長地久天地所以能長且久者以其不自生故能長生是以聖人後其身而身先外其身而身存"
            "非以其無私邪故能成其私",
        )),
        Chapter("易性第八", (
            "上善若水水善利萬物而不爭處眾人之所惡故幾於道居善地心善淵與善仁言善信政善治"
            "事善能動善時夫唯不爭故無尤",
        )),
        Chapter("運夷第九", (
            "持而盈之不如其已揣而銳之不可長保金玉滿堂莫之能守富貴而驕自遺其咎功遂身退天之道",
        )),
    ),
)

MENGZI = Work(
    key="mengzi",
    title="孟子注",
    strip_title="孟子",
    author_line="趙岐注",
    chapters=(
        Chapter("梁惠王章句上", (
            "孟子見梁惠王〔梁惠王魏惠王也魏國都大梁僭稱王謚曰惠〕王曰叟〔叟長老之稱也〕不遠千里"
            "而來亦將有以利吾國乎孟子對曰王何必曰利亦有仁義而已矣〔孟子知王欲以富國強兵為利"
            "故曰王何必以利為名乎〕王曰何以利吾國大夫曰何以利吾家士庶人曰何以利吾身上下交征利"
            "而國危矣萬乘之國弒其君者必千乘之家千乘之國弒其君者必百乘之家萬取千焉千取百焉"
            "不為不多矣苟為後義而先利不奪不饜未有仁而遺其親者也未有義而後其君者也王亦曰仁義而已矣"
            "何必曰利",
            "孟子見梁惠王王立於沼上顧鴻鴈麋鹿曰賢者亦樂此乎〔沼池也王好廣苑囿大池沼〕孟子對曰"
            "賢者而後樂此不賢者雖有此不樂也",
        )),
    ),
)

QIANZIWEN = Work(
    key="qianziwen",
    title="千字文",
    strip_title="千字文",
    author_line="周興嗣次韻",
    chapters=(
        Chapter("千字文", (
            "天地玄黃宇宙洪荒〔天玄而地黃宇宙者上下四方往古來今也〕日月盈昃辰宿列張寒來暑往"
            "秋收冬藏閏餘成歲律呂調陽雲騰致雨露結為霜金生麗水玉出崑岡劍號巨闕珠稱夜光"
            "果珍李柰菜重芥薑海鹹河淡鱗潛羽翔龍師火帝鳥官人皇始制文字乃服衣裳推位讓國"
            "有虞陶唐弔民伐罪周發殷湯坐朝問道垂拱平章愛育黎首臣伏戎羌遐邇壹體率賓歸王",
            "鳴鳳在竹白駒食場化被草木賴及萬方蓋此身髮四大五常恭惟鞠養豈敢毀傷女慕貞絜"
            "男效才良知過必改得能莫忘罔談彼短靡恃己長信使可覆器欲難量墨悲絲染詩讚羔羊"
            "景行維賢克念作聖德建名立形端表正空谷傳聲虛堂習聽禍因惡積福緣善慶尺璧非寶"
            "寸陰是競資父事君曰嚴與敬孝當竭力忠則盡命臨深履薄夙興溫凊似蘭斯馨如松之盛"
            "川流不息淵澄取映容止若思言辭安定篤初誠美慎終宜令榮業所基籍甚無竟學優登仕"
            "攝職從政存以甘棠去而益詠樂殊貴賤禮別尊卑上和下睦夫唱婦隨外受傅訓入奉母儀",
            "諸姑伯叔猶子比兒孔懷兄弟同氣連枝交友投分切磨箴規仁慈隱惻造次弗離節義廉退"
            "顛沛匪虧性靜情逸心動神疲守真志滿逐物意移堅持雅操好爵自縻都邑華夏東西二京"
            "背邙面洛浮渭據涇宮殿盤鬱樓觀飛驚圖寫禽獸畫彩仙靈丙舍傍啟甲帳對楹肆筵設席"
            "鼓瑟吹笙升階納陛弁轉疑星右通廣內左達承明既集墳典亦聚群英杜稿鍾隸漆書壁經"
            "府羅將相路俠槐卿戶封八縣家給千兵高冠陪輦驅轂振纓世祿侈富車駕肥輕策功茂實"
            "勒碑刻銘磻溪伊尹佐時阿衡奄宅曲阜微旦孰營桓公匡合濟弱扶傾綺迴漢惠說感武丁",
            "俊乂密勿多士寔寧晉楚更霸趙魏困橫假途滅虢踐土會盟何遵約法韓弊煩刑起翦頗牧"
            "用軍最精宣威沙漠馳譽丹青九州禹跡百郡秦并嶽宗泰岱禪主云亭雁門紫塞雞田赤城"
            "昆池碣石鉅野洞庭曠遠綿邈巖岫杳冥治本於農務茲稼穡俶載南畝我藝黍稷稅熟貢新"
            "勸賞黜陟孟軻敦素史魚秉直庶幾中庸勞謙謹敕聆音察理鑑貌辨色貽厥嘉猷勉其祗植"
            "省躬譏誡寵增抗極殆辱近恥林皋幸即兩疏見機解組誰逼索居閑處沉默寂寥求古尋論"
            "散慮逍遙欣奏累遣慼謝歡招渠荷的歷園莽抽條枇杷晚翠梧桐蚤凋陳根委翳落葉飄颻",
            "遊鵾獨運凌摩絳霄耽讀翫市寓目囊箱易輶攸畏屬耳垣牆具膳餐飯適口充腸飽飫烹宰"
            "飢厭糟糠親戚故舊老少異糧妾御績紡侍巾帷房紈扇圓潔銀燭煒煌晝眠夕寐藍筍象床"
            "弦歌酒宴接杯舉觴矯手頓足悅豫且康嫡後嗣續祭祀烝嘗稽顙再拜悚懼恐惶箋牒簡要"
            "顧答審詳骸垢想浴執熱願涼驢騾犢特駭躍超驤誅斬賊盜捕獲叛亡布射僚丸嵇琴阮嘯"
            "恬筆倫紙鈞巧任釣釋紛利俗竝皆佳妙毛施淑姿工顰妍笑年矢每催曦暉朗曜璇璣懸斡"
            "晦魄環照指薪修祜永綏吉劭矩步引領俯仰廊廟束帶矜莊徘徊瞻眺孤陋寡聞愚蒙等誚"
            "謂語助者焉哉乎也",
        )),
    ),
)

SANZIJING = Work(
    key="sanzijing",
    title="三字經訓詁",
    strip_title="三字經",
    author_line="王應麟撰",
    chapters=(
        Chapter("三字經", (
            "人之初性本善性相近習相遠〔人生之初其性皆善及其長也習於善則善習於惡則惡〕"
            "苟不教性乃遷教之道貴以專昔孟母擇鄰處子不學斷機杼〔孟母三遷其居以教孟子〕"
            "竇燕山有義方教五子名俱揚養不教父之過教不嚴師之惰子不學非所宜幼不學老何為"
            "玉不琢不成器人不學不知義為人子方少時親師友習禮儀香九齡能溫席孝於親所當執"
            "融四歲能讓梨弟於長宜先知首孝弟次見聞知某數識某文一而十十而百百而千千而萬",
        )),
    ),
)

WORKS: tuple[Work, ...] = (LUNYU, DAXUE, ZHONGYONG, DAODEJING, MENGZI, QIANZIWEN, SANZIJING)


def work_by_key(key: str) -> Work:
    for work in WORKS:
        if work.key == key:
            return work
    raise KeyError(key)


def shuffled(work: Work, rng: random.Random) -> Work:
    """The work with the characters of every passage and heading shuffled, each note's
    among themselves: the same characters and page layout with no language to lean on,
    for measuring what a recognizer reads rather than what it guesses."""

    def mix(text: str) -> str:
        chars = list(text)
        rng.shuffle(chars)
        return "".join(chars)

    def passage(text: str) -> str:
        out, rest = [], text
        while NOTE_OPEN in rest:
            head, _, tail = rest.partition(NOTE_OPEN)
            note, _, rest = tail.partition(NOTE_CLOSE)
            out.append(mix(head) + NOTE_OPEN + mix(note) + NOTE_CLOSE)
        return "".join(out) + mix(rest)

    return replace(work, chapters=tuple(
        Chapter(mix(c.heading), tuple(passage(t) for t in c.passages)) for c in work.chapters))


def plain_text(passage: str) -> str:
    """The passage with the note brackets removed: what a reader sees, in reading order."""
    return passage.replace(NOTE_OPEN, "").replace(NOTE_CLOSE, "")


def all_characters() -> set[str]:
    """Every character any work can print (body, notes, headings, titles)."""
    chars: set[str] = set()
    for work in WORKS:
        chars.update(work.title + work.strip_title + work.author_line)
        for chapter in work.chapters:
            chars.update(chapter.heading)
            for passage in chapter.passages:
                chars.update(plain_text(passage))
    return chars
